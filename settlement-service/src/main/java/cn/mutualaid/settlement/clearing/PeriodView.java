package cn.mutualaid.settlement.clearing;

import cn.mutualaid.settlement.reconciliation.ReconciliationView;
import java.time.Instant;
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
        ReconciliationView reconciliation,
        List<String> blockers) {

    public static final String OPEN = "OPEN";
    public static final String CLEARED = "CLEARED";
    public static final String SETTLED = "SETTLED";

    public record StatementCount(long issued, long confirmed) {
    }
}
