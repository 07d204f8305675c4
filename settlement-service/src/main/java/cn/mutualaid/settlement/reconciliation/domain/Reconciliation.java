package cn.mutualaid.settlement.reconciliation.domain;

import java.time.Instant;
import java.util.List;

/**
 * The month's reconciliation against the wallet's own totals: PENDING until the wallet answered, then MATCHED or
 * MISMATCH with the differing cells. Money is compared to the fen; counts are not (the wallet counts payments,
 * clearing counts payment lines).
 */
public record Reconciliation(String status, Instant checkedAt, List<Difference> differences) {
    public static final String PENDING = "PENDING";
    public static final String MATCHED = "MATCHED";
    public static final String MISMATCH = "MISMATCH";

    public static Reconciliation pending() {
        return new Reconciliation(PENDING, null, List.of());
    }

    /** MATCHED exactly when no cell differs. */
    public static Reconciliation of(List<Difference> differences, Instant checkedAt) {
        return new Reconciliation(differences.isEmpty() ? MATCHED : MISMATCH, checkedAt, List.copyOf(differences));
    }

    /** One (fund province, spend province, category) cell where the wallet and the clearing lines disagree. */
    public record Difference(String fundProvince, String spendProvince, String category, long walletCapturedFen,
            long clearingCapturedFen, long walletRefundedFen, long clearingRefundedFen) {
    }
}
