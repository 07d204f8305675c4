package cn.mutualaid.settlement.period.domain;

/**
 * A month's way: OPEN (lines are booked to it) → CLOSED (frozen, inside the closing transaction only) → CLEARED
 * (positions and statements issued) → SETTLED (every statement confirmed, the wallet's totals matched, the prepaid
 * funds moved).
 */
public final class PeriodStatus {
    public static final String OPEN = "OPEN";
    public static final String CLEARED = "CLEARED";
    public static final String SETTLED = "SETTLED";

    private PeriodStatus() {
    }

    /** Positions and statements exist from the close on. */
    public static boolean isCleared(String status) {
        return CLEARED.equals(status) || SETTLED.equals(status);
    }
}
