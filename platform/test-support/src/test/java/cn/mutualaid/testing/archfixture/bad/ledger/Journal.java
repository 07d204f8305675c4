package cn.mutualaid.testing.archfixture.bad.ledger;

import cn.mutualaid.testing.archfixture.bad.payment.domain.Hold;

public class Journal {
    Hold last;
}
