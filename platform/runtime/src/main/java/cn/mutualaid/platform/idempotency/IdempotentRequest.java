package cn.mutualaid.platform.idempotency;

import cn.mutualaid.contracts.Contracts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * What an Idempotency-Key guards: the operation by its domain name (AUTHORIZE, CREDIT, TOP_UP ...), what it acts on
 * (a payment, a credit, a province; null when nothing yet) and the request body. Same key with the same fingerprint
 * (operation, target and canonical body: record components in declaration order) → the stored answer; anything else
 * under that key is IDEMPOTENCY_KEY_REUSED.
 *
 * @param unnamedFingerprint what rows stored without an operation (before operations were named) were compared by;
 *                           null when a service never stored such rows
 */
public record IdempotentRequest(String operation, String target, Object body, String unnamedFingerprint) {

    public IdempotentRequest {
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("an idempotent request names its operation");
        }
        body = body == null ? Map.of() : body;
    }

    public static IdempotentRequest of(String operation, String target, Object body) {
        return new IdempotentRequest(operation, target, body, null);
    }

    /** An operation on {@code target} with no body (an approval, a capture): the two are the whole request. */
    public static IdempotentRequest on(String operation, String target) {
        return of(operation, target, Map.of());
    }

    /** The same request, which a row stored before operations were named matches by {@code fingerprint}. */
    public IdempotentRequest storedUnnamedAs(String fingerprint) {
        return new IdempotentRequest(operation, target, body, fingerprint);
    }

    /** SHA-256 (hex) of the operation, the target and the canonical JSON of the body. */
    public String fingerprint() {
        return sha256Hex(operation + (target == null ? "" : " " + target) + "\n"
                + Contracts.mapper().writeValueAsString(body));
    }

    /** Whether a stored key (its operation null for a row from before operations were named) is this request's. */
    public boolean matches(String storedOperation, String storedFingerprint) {
        if (storedOperation == null) {
            return unnamedFingerprint != null && unnamedFingerprint.equals(storedFingerprint);
        }
        return operation.equals(storedOperation) && fingerprint().equals(storedFingerprint);
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
