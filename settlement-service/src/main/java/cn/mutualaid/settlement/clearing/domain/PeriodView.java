package cn.mutualaid.settlement.clearing.domain;

import cn.mutualaid.settlement.period.domain.PeriodStatus;
import cn.mutualaid.settlement.reconciliation.domain.Reconciliation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A month at a glance. totalFen and uses cover every line booked to the month (all scopes; refunds negative, uses
 * count captured payment lines); late lines are those dated in an earlier, already closed month. While CLEARED,
 * {@code blockers} says what still stands between the month and SETTLED.
 */
public record PeriodView(
        String period,
        String status,
        long totalFen,
        long uses,
        long crossProvinceFen,
        long lateLines,
        long lateFen,
        Instant closedAt,
        Instant clearedAt,
        Instant settledAt,
        StatementCount statements,
        Reconciliation reconciliation,
        List<String> blockers) {

    public record StatementCount(long issued, long confirmed) {
    }

    /** A month nobody has booked or closed yet: OPEN and empty. */
    public static PeriodView empty(String period) {
        return new PeriodView(period, PeriodStatus.OPEN, 0, 0, 0, 0, 0, null, null, null, null, null, List.of());
    }

    /** This month's figures with its statements and reconciliation, and what they leave standing before SETTLED. */
    public PeriodView with(StatementCount count, Reconciliation reconciliation) {
        return new PeriodView(period, status, totalFen, uses, crossProvinceFen, lateLines, lateFen, closedAt,
                clearedAt, settledAt, count, reconciliation, blockers(status, count, reconciliation));
    }

    /** Only a CLEARED month waits for something: unconfirmed statements, and the wallet's matching totals. */
    static List<String> blockers(String status, StatementCount count, Reconciliation reconciliation) {
        List<String> blockers = new ArrayList<>();
        if (!PeriodStatus.CLEARED.equals(status)) {
            return blockers;
        }
        if (count.confirmed() < count.issued()) {
            blockers.add("STATEMENTS_UNCONFIRMED");
        }
        if (Reconciliation.PENDING.equals(reconciliation.status())) {
            blockers.add("RECONCILIATION_PENDING");
        } else if (Reconciliation.MISMATCH.equals(reconciliation.status())) {
            blockers.add("RECONCILIATION_MISMATCH");
        }
        return blockers;
    }
}
