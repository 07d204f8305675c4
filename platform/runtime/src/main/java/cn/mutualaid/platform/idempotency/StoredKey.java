package cn.mutualaid.platform.idempotency;

import java.time.Instant;

/**
 * An Idempotency-Key as stored: the operation it guards (null for a row from before operations were named), the
 * request's fingerprint, the stored answer (null while in flight) and the lease of the request holding it.
 */
public record StoredKey(String operation, String fingerprint, String answer, Instant lockedUntil) {

    /** What a request does with a key another request already holds or answered. */
    public enum Decision {
        /** Another request under this key: 422 IDEMPOTENCY_KEY_REUSED. */
        REUSED,
        /** The first request's answer, replayed. */
        REPLAY,
        /** The first request still holds its lease: 409 IDEMPOTENCY_KEY_IN_FLIGHT, at once. */
        IN_FLIGHT,
        /** The first request's lease ran out with no answer (it crashed or went away): this one may take over. */
        TAKE_OVER
    }

    /** The draft's rules, in their order: another request is refused before anything about the first is told. */
    public Decision decide(IdempotentRequest request, Instant now) {
        if (!request.matches(operation, fingerprint)) {
            return Decision.REUSED;
        }
        if (answer != null) {
            return Decision.REPLAY;
        }
        return lockedUntil != null && lockedUntil.isAfter(now) ? Decision.IN_FLIGHT : Decision.TAKE_OVER;
    }
}
