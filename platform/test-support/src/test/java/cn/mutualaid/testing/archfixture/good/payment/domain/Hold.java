package cn.mutualaid.testing.archfixture.good.payment.domain;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.testing.archfixture.good.ledger.domain.Posting;

public record Hold(long amountFen, Posting posting) {
    public static Rejection tooMuch() {
        return Rejection.refused("QUOTA_INSUFFICIENT", "not enough quota");
    }
}
