package cn.mutualaid.wallet.code.domain;

import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.util.Optional;

/** A payment code as stored: whose it is, until when, and whether it was used. */
public record StoredCode(String personId, Instant expiresAt, Instant usedAt) {

    /**
     * Why this code cannot pay for {@code patientId} now, in the order the contract names them: another person's
     * code (money may be shared, the code may not), used, expired. Empty when nothing forbids it.
     */
    public Optional<Rejection> refusalFor(String patientId, Instant now) {
        if (!patientId.equals(personId)) {
            return Optional.of(notOwner());
        }
        if (usedAt != null) {
            return Optional.of(used());
        }
        if (!expiresAt.isAfter(now)) {
            return Optional.of(expired());
        }
        return Optional.empty();
    }

    static Rejection notOwner() {
        return Rejection.refused("PATIENT_NOT_CODE_OWNER",
                "the payment code belongs to another person: money may be shared, the code may not");
    }

    static Rejection used() {
        return Rejection.refused("PAYMENT_CODE_USED", "the payment code was already used");
    }

    static Rejection expired() {
        return Rejection.refused("PAYMENT_CODE_EXPIRED", "the payment code has expired");
    }

    /** No code with this hash was ever issued (or it was purged), or an offline code no enrolled device made. */
    public static Rejection unknown() {
        return Rejection.refused("PAYMENT_CODE_INVALID", "unknown payment code");
    }
}
