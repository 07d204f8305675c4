package cn.mutualaid.wallet.quota.domain;

import cn.mutualaid.kernel.Rejection;

/**
 * A quota's arithmetic, TigerBeetle style: granted = used + held + remaining + released, every part non-negative.
 * The benefactor keeps {@link #frozen()} = granted - used - released frozen (held money stays frozen until the
 * payment is captured or voided).
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

    public long frozen() {
        return granted - used - released;
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

    public QuotaState hold(long part) {
        if (part <= 0 || part > remaining()) {
            throw new IllegalStateException("cannot hold " + part + " of remaining " + remaining());
        }
        return new QuotaState(granted, used, held + part, released);
    }

    public QuotaState capture(long part) {
        if (part <= 0 || part > held) {
            throw new IllegalStateException("cannot capture " + part + " of held " + held);
        }
        return new QuotaState(granted, used + part, held - part, released);
    }

    public QuotaState voidHold(long part) {
        if (part <= 0 || part > held) {
            throw new IllegalStateException("cannot void " + part + " of held " + held);
        }
        return new QuotaState(granted, used, held - part, released);
    }

    /**
     * A refund of a captured part. Back into the quota while the relationship is ACTIVE (it is frozen again and may be
     * spent again); otherwise straight to the benefactor's available balance, which counts as released.
     */
    public QuotaState refund(long part, boolean toQuota) {
        if (part <= 0 || part > used) {
            throw new IllegalStateException("cannot refund " + part + " of used " + used);
        }
        return toQuota ? new QuotaState(granted, used - part, held, released)
                : new QuotaState(granted, used - part, held, released + part);
    }

    /** Releasing after every hold was voided: all that remains is unfrozen. */
    public QuotaState release() {
        if (held != 0) {
            throw new IllegalStateException("void the holds before releasing");
        }
        return new QuotaState(granted, used, 0, released + remaining());
    }
}
