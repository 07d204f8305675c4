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

    @Test
    void aThreadsMacKeepsNothingOfTheKeyBefore() throws Exception {
        byte[] other = "another device's secret, 32 byte".getBytes(StandardCharsets.US_ASCII);
        long step = Totp.step(Instant.ofEpochSecond(59));
        String fromOther = Totp.code(other, step);
        // The same thread, keys interleaved: each code is the one a fresh Mac gives (the RFC's for its seed).
        assertThat(Totp.code(RFC_SEED, step)).isEqualTo("46119246");
        assertThat(Totp.code(other, step)).isEqualTo(fromOther).isNotEqualTo("46119246");
        javax.crypto.Mac fresh = javax.crypto.Mac.getInstance(Totp.ALGORITHM);
        fresh.init(new javax.crypto.spec.SecretKeySpec(other, Totp.ALGORITHM));
        assertThat(Totp.hmac(other, new byte[] {1, 2, 3})).isEqualTo(fresh.doFinal(new byte[] {1, 2, 3}));
    }

    @Test
    void aCodeKeepsItsLeadingZeros() {
        // About one code in ten starts with 0 (a truncated value below 10^7): it keeps all eight digits.
        for (long step = 0; step < 5000; step++) {
            String code = Totp.code(RFC_SEED, step);
            assertThat(code).hasSize(Totp.DIGITS).containsOnlyDigits();
            assertThat(code).isEqualTo(String.format("%08d", Integer.parseInt(code)));
        }
        assertThat(java.util.stream.LongStream.range(0, 5000).mapToObj(s -> Totp.code(RFC_SEED, s))
                .anyMatch(c -> c.startsWith("0"))).isTrue();
    }
}
