package cn.mutualaid.wallet.code.domain;

import cn.mutualaid.kernel.Totp;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A code an enrolled device made offline, as the provider reads it from the QR code: the device's 12-digit id, then
 * the 8-digit one-time password of the current time step (20 digits in all, like the numeric
 * payment codes of the big wallets). It carries no person id: the device row says whose it is. An online code
 * (base64url of 256 random bits, 43 characters) can never take this shape.
 */
public record OfflineCode(long deviceId, String otp) {
    public static final int DEVICE_DIGITS = 12;
    public static final long FIRST_DEVICE_ID = 100_000_000_000L;
    public static final long DEVICE_IDS = 900_000_000_000L;
    private static final Pattern SHAPE = Pattern.compile("[1-9][0-9]{" + (DEVICE_DIGITS - 1 + Totp.DIGITS) + "}");

    /** The offline code this string is, or empty when it has another shape (an online code, or nothing valid). */
    public static Optional<OfflineCode> parse(String code) {
        if (code == null || !SHAPE.matcher(code).matches()) {
            return Optional.empty();
        }
        return Optional.of(new OfflineCode(Long.parseLong(code.substring(0, DEVICE_DIGITS)),
                code.substring(DEVICE_DIGITS)));
    }

    public String text() {
        return deviceId + otp;
    }
}
