package cn.mutualaid.testing.archfixture.good.payment.store;

import cn.mutualaid.testing.archfixture.good.payment.domain.Hold;
import org.springframework.r2dbc.core.DatabaseClient;

public class HoldStore {
    DatabaseClient db;

    public Hold find() {
        return null;
    }
}
