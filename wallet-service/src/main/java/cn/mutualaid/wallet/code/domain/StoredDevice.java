package cn.mutualaid.wallet.code.domain;

import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A device row as the explanation of a refused offline code reads it: whose, under which key, revoked or not, and
 * which recent steps were used.
 */
public record StoredDevice(String personId, String keyId, Instant revokedAt, List<Long> usedSteps) {

    /**
     * Why a code cannot pay for {@code patientId} now, given how it matched the owner's codes under the device's key
     * ({@code verdict}), in the contract's order: not a code of this device (INVALID), another person's (money may be shared, the code may not), the device revoked, the step used, the step
     * past. Empty when nothing forbids it (a concurrent payment may have been refused in between).
     */
    public Optional<Rejection> refusalFor(CodeMatch verdict, String patientId) {
        if (verdict.kind() == CodeMatch.Kind.NONE) {
            return Optional.of(StoredCode.unknown());
        }
        if (!personId.equals(patientId)) {
            return Optional.of(StoredCode.notOwner());
        }
        if (revokedAt != null) {
            return Optional.of(Rejection.refused("PAYMENT_DEVICE_REVOKED",
                    "the device that made this payment code was revoked by its owner"));
        }
        if (usedSteps.contains(verdict.step())) {
            return Optional.of(StoredCode.used());
        }
        if (verdict.kind() == CodeMatch.Kind.EXPIRED) {
            return Optional.of(StoredCode.expired());
        }
        return Optional.empty();
    }
}
