package cn.mutualaid.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HMAC core against RFC 6238 Appendix B, the SHA-256 column (its 32-byte seed, T0 = 0, X = 30 s, 8 digits). */
class TotpTest {
    static final byte[] RFC_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 46119246",
            "1111111109, 68084774",
            "1111111111, 67062674",
            "1234567890, 91819424",
            "2000000000, 90698825",
            "20000000000, 77737706"})
    void theRfcTestVectors(long unixSeconds, String expected) {
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(unixSeconds)))).isEqualTo(expected);
    }

    @Test
    void aStepIsThirtySecondsFromTheEpoch() {
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(1_111_111_109))).isEqualTo(0x23523EC);
    }
}
