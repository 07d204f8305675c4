package cn.mutualaid.wallet.quota.domain;

import cn.mutualaid.kernel.Rejection;

/**
 * A quota's parts, TigerBeetle style: granted = used + held + remaining + released, every part non-negative. The
 * rules decided here, on a quota row the caller has locked, are the benefactor's new total ({@link #deltaTo}) and the
 * release ({@link #release}). Holds, captures, voids and refunds race with each other on one quota, so their
 * arithmetic is decided by the conditional updates of {@code payment.store.PaymentStore} and lives only there; what
 * a benefactor keeps frozen (granted - used - released) is checked in SQL by {@code ledger.Invariants}.
 */
public record QuotaState(long granted, long used, long held, long released) {
    public QuotaState {
        if (granted < 0 || used < 0 || held < 0 || released < 0 || used + held + released > granted) {
            throw new IllegalStateException("quota parts out of range: " + granted + "/" + used + "/" + held + "/" + released);
        }
    }

    public long remaining() {
        return granted - used - held - released;
    }

    /**
     * The benefactor sets a new total. Returns the change to freeze (positive) or unfreeze (negative).
     * The total may never go below what is used, held or already released (422 QUOTA_BELOW_USED).
     */
    public long deltaTo(long newGranted) {
        if (newGranted < 0) {
            throw Rejection.refused("VALIDATION_FAILED", "a quota cannot be negative");
        }
        if (newGranted < used + held + released) {
            throw Rejection.refused("QUOTA_BELOW_USED",
                    "the quota cannot go below what is already used or held (" + (used + held + released) + " fen)");
        }
        return newGranted - granted;
    }

    public QuotaState withGranted(long newGranted) {
        deltaTo(newGranted);
        return new QuotaState(newGranted, used, held, released);
    }

    /** Releasing after every hold was voided: all that remains is unfrozen. */
    public QuotaState release() {
        if (held != 0) {
            throw new IllegalStateException("void the holds before releasing");
        }
        return new QuotaState(granted, used, 0, released + remaining());
    }
}
