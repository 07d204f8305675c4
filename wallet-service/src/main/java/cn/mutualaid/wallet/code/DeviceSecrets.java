package cn.mutualaid.wallet.code;

import cn.mutualaid.kernel.Totp;
import cn.mutualaid.wallet.code.domain.CodeMatch;
import cn.mutualaid.wallet.code.domain.OfflineCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets of enrolled devices, derived instead of stored: secret = HMAC-SHA-256(device key, device id and person
 * id). The wallet keeps only the device keys (from configuration, never from the database or the repository), so
 * neither a database reader nor a log can make codes, and a secret is bound to the one person and device it was
 * enrolled for. Keys are named: a device row records the key id it was enrolled under; a new key becomes current
 * for new devices while older ones stay configured until their devices are re-enrolled.
 */
public final class DeviceSecrets {
    /** How many steps back a code still matches as EXPIRED rather than INVALID (5 minutes): only to say why. */
    public static final int EXPIRED_LOOKBACK_STEPS = 10;
    private static final String CONTEXT = "mutualaid payment device v1|";
    private final Map<String, byte[]> keys;
    private final String current;

    /** @param keys key id → key bytes (at least 32), current first among equals; {@code current} must be one of them */
    public DeviceSecrets(Map<String, byte[]> keys, String current) {
        if (keys.isEmpty() || !keys.containsKey(current)) {
            throw new IllegalArgumentException("the current device key must be one of the configured keys");
        }
        keys.forEach((id, key) -> {
            if (key.length < 32) {
                throw new IllegalArgumentException("device key " + id + " is shorter than 256 bits");
            }
        });
        this.keys = new LinkedHashMap<>();
        this.keys.put(current, keys.get(current).clone());
        keys.forEach((id, key) -> this.keys.putIfAbsent(id, key.clone()));
        this.current = current;
    }

    public String currentKeyId() {
        return current;
    }

    /** The device's secret under the named key; empty when that key is no longer configured. */
    public Optional<byte[]> secret(String keyId, long deviceId, String personId) {
        byte[] key = keys.get(keyId);
        return key == null ? Optional.empty() : Optional.of(Totp.hmac(key,
                (CONTEXT + deviceId + "|" + personId).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The code checked for {@code personId} under every configured key (current first): the usable step when it
     * matches the current or the previous step under one of them. This runs before the database is asked anything.
     */
    public CodeMatch verify(OfflineCode code, String personId, long nowStep) {
        for (String keyId : keys.keySet()) {
            CodeMatch verdict = verify(secret(keyId, code.deviceId(), personId).orElseThrow(), code.otp(), nowStep);
            if (verdict.kind() != CodeMatch.Kind.NONE) {
                return verdict;
            }
        }
        return CodeMatch.NONE;
    }

    /** The code against one secret: the current or previous step (VALID), the last few minutes (EXPIRED), or NONE. */
    public static CodeMatch verify(byte[] secret, String otp, long nowStep) {
        byte[] given = otp.getBytes(StandardCharsets.US_ASCII);
        for (int back = 0; back <= EXPIRED_LOOKBACK_STEPS; back++) {
            long step = nowStep - back;
            // Constant time: how much of a guess matched must not show in the answer's timing.
            if (MessageDigest.isEqual(Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII), given)) {
                return new CodeMatch(back <= 1 ? CodeMatch.Kind.VALID : CodeMatch.Kind.EXPIRED, step);
            }
        }
        return CodeMatch.NONE;
    }
}
