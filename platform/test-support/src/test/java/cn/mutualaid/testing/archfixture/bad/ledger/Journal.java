package cn.mutualaid.testing.archfixture.bad.ledger;

import cn.mutualaid.testing.archfixture.bad.payment.domain.Hold;
import org.springframework.r2dbc.core.DatabaseClient;

/** Breaks the shape: an application service running SQL itself. */
public class Journal {
    Hold last;
    DatabaseClient db;
}
