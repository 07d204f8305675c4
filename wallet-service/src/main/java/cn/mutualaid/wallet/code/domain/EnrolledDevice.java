package cn.mutualaid.wallet.code.domain;

import java.time.Instant;

/**
 * A device just enrolled: its secret (base64url, 256 bits) is answered this once and never stored or logged. The app
 * keeps it and makes codes offline: {@code deviceId} followed by the RFC 6238 code of the secret (HMAC-SHA-256,
 * {@code stepSeconds}, {@code digits}).
 */
public record EnrolledDevice(String deviceId, String secret, int stepSeconds, int digits, String algorithm,
        Instant createdAt) {
}
