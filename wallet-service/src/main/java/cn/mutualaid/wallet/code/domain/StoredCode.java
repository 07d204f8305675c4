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
            return Optional.of(Rejection.refused("PATIENT_NOT_CODE_OWNER",
                    "the payment code belongs to another person: money may be shared, the code may not"));
        }
        if (usedAt != null) {
            return Optional.of(Rejection.refused("PAYMENT_CODE_USED", "the payment code was already used"));
        }
        if (!expiresAt.isAfter(now)) {
            return Optional.of(Rejection.refused("PAYMENT_CODE_EXPIRED", "the payment code has expired"));
        }
        return Optional.empty();
    }

    /** No code with this hash was ever issued (or it was purged). */
    public static Rejection unknown() {
        return Rejection.refused("PAYMENT_CODE_INVALID", "unknown payment code");
    }
}
