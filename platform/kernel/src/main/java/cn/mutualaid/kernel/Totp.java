package cn.mutualaid.kernel;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The time-based one-time password of RFC 6238 with HMAC-SHA-256: the time step since the epoch as an 8-byte
 * big-endian counter, HMAC under the device's secret, dynamic truncation (RFC 4226 §5.3), {@link #DIGITS} decimal
 * digits. Any TOTP implementation configured for SHA-256, 30 s and 8 digits makes the same codes, WebCrypto included.
 * Shared by the wallet (which verifies offline payment codes) and the clients that make them (the load tools).
 */
public final class Totp {
    public static final int STEP_SECONDS = 30;
    public static final int DIGITS = 8;
    public static final String ALGORITHM = "HmacSHA256";
    private static final int MODULUS = 100_000_000;
    /**
     * One Mac per thread, initialised anew for each key: looking the algorithm up in the security providers for every
     * HMAC was most of its cost (a verified offline code takes several, one per step it may match).
     */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    });

    private Totp() {
    }

    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The {@link #DIGITS}-digit code of {@code step}, zero-padded. */
    public static String code(byte[] secret, long step) {
        byte[] mac = hmac(secret, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24) | ((mac[offset + 1] & 0xff) << 16) | ((mac[offset + 2] & 0xff) << 8)
                | (mac[offset + 3] & 0xff);
        String digits = Integer.toString(binary % MODULUS);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }

    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = MACS.get();
            // init resets the Mac: nothing of a previous key or message is left in it.
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
