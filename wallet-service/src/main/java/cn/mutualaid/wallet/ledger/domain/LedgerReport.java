package cn.mutualaid.wallet.ledger.domain;

import java.util.List;

/** A ledger check's answer: {@code scope} is NATIONAL or the agency's area code; totals cover that scope's accounts. */
public record LedgerReport(String scope, boolean ok, long accounts, long totalBalanceFen, long totalFrozenFen,
        List<Problem> problems) {

    /** One difference between the stored money and what the journal or the quotas say it should be. */
    public record Problem(String kind, String id, String detail) {
    }
}
