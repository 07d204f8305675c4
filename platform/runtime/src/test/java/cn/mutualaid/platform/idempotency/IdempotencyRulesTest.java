package cn.mutualaid.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fingerprint and the draft's decision rules for a key already stored, without a database. */
class IdempotencyRulesTest {
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    record Order(long amountFen, String reference) {
    }

    static final IdempotentRequest CREDIT = IdempotentRequest.of("CREDIT", "person-1", new Order(500, "2026-03"));

    @Test
    void theFingerprintCoversOperationTargetAndCanonicalBody() {
        assertThat(CREDIT.fingerprint())
                .isEqualTo(IdempotentRequest.of("CREDIT", "person-1", new Order(500, "2026-03")).fingerprint())
                .matches("[0-9a-f]{64}");
        assertThat(CREDIT.fingerprint())
                .isNotEqualTo(IdempotentRequest.of("CREDIT", "person-1", new Order(501, "2026-03")).fingerprint())
                .isNotEqualTo(IdempotentRequest.of("CREDIT", "person-2", new Order(500, "2026-03")).fingerprint())
                .isNotEqualTo(IdempotentRequest.of("TOP_UP", "person-1", new Order(500, "2026-03")).fingerprint());
        // What the wallet stored before the move: SHA-256 of "<OPERATION>[ <target>]\n<canonical JSON>".
        assertThat(IdempotentRequest.on("CAPTURE", "p-1").fingerprint())
                .isEqualTo(IdempotentRequest.sha256Hex("CAPTURE p-1\n{}"));
        assertThat(IdempotentRequest.of("TOP_UP", null, new Order(7, "r")).fingerprint())
                .isEqualTo(IdempotentRequest.sha256Hex("TOP_UP\n{\"amountFen\":7,\"reference\":\"r\"}"));
    }

    @Test
    void anotherRequestUnderTheKeyIsReusedWhateverTheFirstOnesState() {
        String other = IdempotentRequest.of("CREDIT", "person-1", new Order(600, "2026-03")).fingerprint();
        assertThat(new StoredKey("CREDIT", other, "{}", null).decide(CREDIT, NOW)).isEqualTo(StoredKey.Decision.REUSED);
        assertThat(new StoredKey("CREDIT", other, null, NOW.plusSeconds(30)).decide(CREDIT, NOW))
                .isEqualTo(StoredKey.Decision.REUSED);
        // The same fingerprint stored for another operation is still another request.
        assertThat(new StoredKey("CREDIT_APPROVE", CREDIT.fingerprint(), "{}", null).decide(CREDIT, NOW))
                .isEqualTo(StoredKey.Decision.REUSED);
    }

    @Test
    void theSameRequestIsReplayedWhenAnsweredInFlightWhileLeasedAndTakenOverAfter() {
        String hash = CREDIT.fingerprint();
        assertThat(new StoredKey("CREDIT", hash, "{\"a\":1}", null).decide(CREDIT, NOW))
                .isEqualTo(StoredKey.Decision.REPLAY);
        assertThat(new StoredKey("CREDIT", hash, null, NOW.plusMillis(1)).decide(CREDIT, NOW))
                .isEqualTo(StoredKey.Decision.IN_FLIGHT);
        assertThat(new StoredKey("CREDIT", hash, null, NOW).decide(CREDIT, NOW))
                .isEqualTo(StoredKey.Decision.TAKE_OVER);
        assertThat(new StoredKey("CREDIT", hash, null, NOW.minusSeconds(1)).decide(CREDIT, NOW))
                .isEqualTo(StoredKey.Decision.TAKE_OVER);
    }

    @Test
    void aRowStoredBeforeOperationsWereNamedMatchesOnlyByItsOwnFingerprint() {
        String route = IdempotentRequest.sha256Hex("POST /api/v1/payments/p-1/capture\n{}");
        IdempotentRequest capture = IdempotentRequest.on("CAPTURE", "p-1").storedUnnamedAs(route);
        assertThat(new StoredKey(null, route, "{}", null).decide(capture, NOW)).isEqualTo(StoredKey.Decision.REPLAY);
        assertThat(new StoredKey(null, capture.fingerprint(), "{}", null).decide(capture, NOW))
                .isEqualTo(StoredKey.Decision.REUSED);
        // A service that never stored such rows: an unnamed row is never its request.
        assertThat(new StoredKey(null, CREDIT.fingerprint(), "{}", null).decide(CREDIT, NOW))
                .isEqualTo(StoredKey.Decision.REUSED);
    }

    @Test
    void aKeyIsRequiredBoundedAndVisibleAscii() {
        assertThat(Idempotency.require("retry-7f3a")).isEqualTo("retry-7f3a");
        assertThat(Idempotency.optional(null)).isNull();
        for (String missing : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> Idempotency.require(missing)).isInstanceOfSatisfying(Rejection.class,
                    r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED"));
        }
        for (String bad : new String[] {"x".repeat(Idempotency.MAX_KEY_LENGTH + 1), "a b", "é", "a\u0000"}) {
            assertThatThrownBy(() -> Idempotency.require(bad)).isInstanceOfSatisfying(Rejection.class,
                    r -> assertThat(r.code()).isEqualTo("MALFORMED_REQUEST"));
        }
        assertThat(Idempotency.require("x".repeat(Idempotency.MAX_KEY_LENGTH))).hasSize(Idempotency.MAX_KEY_LENGTH);
        assertThat(IdempotentRequest.of("VOID", "p", null).body()).isEqualTo(Map.of());
    }
}
