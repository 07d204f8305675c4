package cn.mutualaid.wallet.code.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Why a stored payment code cannot pay, in the contract's order: another person's, used, expired. */
class StoredCodeTest {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    private static String refusal(StoredCode code, String patient) {
        return code.refusalFor(patient, NOW).map(Rejection::code).orElse(null);
    }

    @Test
    void theCodeIsThePatientsOwnUnusedAndUnexpired() {
        StoredCode fresh = new StoredCode("son", NOW.plusSeconds(30), null);
        assertThat(refusal(fresh, "son")).isNull();
        assertThat(refusal(fresh, "father")).isEqualTo("PATIENT_NOT_CODE_OWNER");
        assertThat(refusal(new StoredCode("son", NOW.plusSeconds(30), NOW.minusSeconds(5)), "son"))
                .isEqualTo("PAYMENT_CODE_USED");
        assertThat(refusal(new StoredCode("son", NOW, null), "son")).isEqualTo("PAYMENT_CODE_EXPIRED");
    }

    @Test
    void anotherPersonsCodeIsRefusedAsSuchEvenWhenUsedOrExpired() {
        assertThat(refusal(new StoredCode("son", NOW.minusSeconds(1), NOW.minusSeconds(5)), "father"))
                .isEqualTo("PATIENT_NOT_CODE_OWNER");
        assertThat(refusal(new StoredCode("son", NOW.minusSeconds(1), NOW.minusSeconds(5)), "son"))
                .isEqualTo("PAYMENT_CODE_USED");
        assertThat(StoredCode.unknown().code()).isEqualTo("PAYMENT_CODE_INVALID");
        assertThat(StoredCode.unknown().kind()).isEqualTo(Rejection.Kind.REFUSED);
    }
}
