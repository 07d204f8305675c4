package cn.mutualaid.wallet.code;

import cn.mutualaid.kernel.Totp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.wallet.code.domain.CodeMatch;
import cn.mutualaid.wallet.code.domain.OfflineCode;
import cn.mutualaid.wallet.code.domain.StoredDevice;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceSecretsTest {
    static final long DEVICE = 123_456_789_012L;
    static final long NOW = 58_000_000L;
    final DeviceSecrets secrets = new DeviceSecrets(keys("k2", "k1"), "k2");

    @Test
    void aCodeMatchesInItsStepAndTheNextOneOnly() {
        byte[] secret = secrets.secret("k2", DEVICE, "p1").orElseThrow();
        assertThat(secrets.verify(code(secret, NOW), "p1", NOW)).isEqualTo(new CodeMatch(CodeMatch.Kind.VALID, NOW));
        assertThat(secrets.verify(code(secret, NOW - 1), "p1", NOW))
                .isEqualTo(new CodeMatch(CodeMatch.Kind.VALID, NOW - 1));
        assertThat(secrets.verify(code(secret, NOW - 2), "p1", NOW).kind()).isEqualTo(CodeMatch.Kind.EXPIRED);
        assertThat(secrets.verify(code(secret, NOW - 11), "p1", NOW).kind()).isEqualTo(CodeMatch.Kind.NONE);
        assertThat(secrets.verify(code(secret, NOW + 1), "p1", NOW).kind()).isEqualTo(CodeMatch.Kind.NONE);
    }

    @Test
    void theSecretIsBoundToThePersonTheDeviceAndTheKey() {
        byte[] secret = secrets.secret("k2", DEVICE, "p1").orElseThrow();
        assertThat(secrets.secret("k2", DEVICE, "p2").orElseThrow()).isNotEqualTo(secret);
        assertThat(secrets.secret("k2", DEVICE + 1, "p1").orElseThrow()).isNotEqualTo(secret);
        assertThat(secrets.secret("k1", DEVICE, "p1").orElseThrow()).isNotEqualTo(secret);
        assertThat(secrets.secret("gone", DEVICE, "p1")).isEmpty();
        assertThat(secrets.verify(code(secret, NOW), "p2", NOW).kind()).isEqualTo(CodeMatch.Kind.NONE);
    }

    @Test
    void aDeviceEnrolledUnderAnOlderKeyStillPaysWhileTheKeyIsConfigured() {
        byte[] old = secrets.secret("k1", DEVICE, "p1").orElseThrow();
        assertThat(secrets.currentKeyId()).isEqualTo("k2");
        assertThat(secrets.verify(code(old, NOW), "p1", NOW).kind()).isEqualTo(CodeMatch.Kind.VALID);
        DeviceSecrets withoutK1 = new DeviceSecrets(keys("k2"), "k2");
        assertThat(withoutK1.verify(code(old, NOW), "p1", NOW).kind()).isEqualTo(CodeMatch.Kind.NONE);
    }

    @Test
    void theStoredDeviceSaysWhyInTheContractsOrder() {
        byte[] secret = secrets.secret("k2", DEVICE, "p1").orElseThrow();
        OfflineCode now = code(secret, NOW);
        assertThat(refusal(new StoredDevice("p1", "k2", null, List.of()), now, "p1")).isNull();
        assertThat(refusal(new StoredDevice("p1", "k2", null, List.of(NOW)), now, "p1")).isEqualTo("PAYMENT_CODE_USED");
        assertThat(refusal(new StoredDevice("p1", "k2", null, List.of()), code(secret, NOW - 3), "p1"))
                .isEqualTo("PAYMENT_CODE_EXPIRED");
        assertThat(refusal(new StoredDevice("p1", "k2", java.time.Instant.EPOCH, List.of(NOW)), now, "p1"))
                .isEqualTo("PAYMENT_DEVICE_REVOKED");
        assertThat(refusal(new StoredDevice("p1", "k2", java.time.Instant.EPOCH, List.of(NOW)), now, "p2"))
                .isEqualTo("PATIENT_NOT_CODE_OWNER");
        String otp = now.otp();
        String wrong = otp.substring(0, 7) + (char) ('0' + (otp.charAt(7) - '0' + 1) % 10);
        assertThat(refusal(new StoredDevice("p1", "k2", null, List.of()), new OfflineCode(DEVICE, wrong), "p1"))
                .isEqualTo("PAYMENT_CODE_INVALID");
        assertThat(refusal(new StoredDevice("p1", "k1", null, List.of()), now, "p1")).isEqualTo("PAYMENT_CODE_INVALID");
    }

    @Test
    void anOfflineCodeIsTwentyDigitsAndNoOnlineCodeParsesAsOne() {
        assertThat(OfflineCode.parse("12345678901287654321")).contains(new OfflineCode(DEVICE, "87654321"));
        assertThat(OfflineCode.parse("02345678901287654321")).isEmpty();
        assertThat(OfflineCode.parse("1234567890128765432")).isEmpty();
        assertThat(OfflineCode.parse("q3Z9kR2xW7vT0bYcL5nP8sHfJ1uD4gAeM6iOzXyVtNo")).isEmpty();
        assertThat(new OfflineCode(DEVICE, "00000042").text()).isEqualTo("12345678901200000042");
    }

    @Test
    void keysShorterThan256BitsOrAMissingCurrentKeyAreRefused() {
        assertThatThrownBy(() -> new DeviceSecrets(Map.of("k", new byte[16]), "k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceSecrets(keys("k1"), "k2")).isInstanceOf(IllegalArgumentException.class);
    }

    private String refusal(StoredDevice device, OfflineCode code, String patient) {
        CodeMatch match = secrets.secret(device.keyId(), code.deviceId(), device.personId())
                .map(secret -> DeviceSecrets.verify(secret, code.otp(), NOW)).orElse(CodeMatch.NONE);
        return device.refusalFor(match, patient).map(r -> r.code()).orElse(null);
    }

    private static OfflineCode code(byte[] secret, long step) {
        return new OfflineCode(DEVICE, Totp.code(secret, step));
    }

    private static Map<String, byte[]> keys(String... ids) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String id : ids) {
            keys.put(id, ("device key " + id + " of at least thirty-two bytes").getBytes(StandardCharsets.UTF_8));
        }
        return keys;
    }
}
