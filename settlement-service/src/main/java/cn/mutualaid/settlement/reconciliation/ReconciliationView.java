package cn.mutualaid.settlement.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * The month's reconciliation against the wallet's own totals: PENDING until the wallet answered, then MATCHED or
 * MISMATCH with the differing cells.
 */
public record ReconciliationView(String status, Instant checkedAt, List<Difference> differences) {
    public static final String PENDING = "PENDING";
    public static final String MATCHED = "MATCHED";
    public static final String MISMATCH = "MISMATCH";

    public static ReconciliationView pending() {
        return new ReconciliationView(PENDING, null, List.of());
    }

    /** One (fund province, spend province, category) cell where the wallet and the clearing lines disagree. */
    public record Difference(String fundProvince, String spendProvince, String category, long walletCapturedFen,
            long clearingCapturedFen, long walletRefundedFen, long clearingRefundedFen) {
    }
}
