package cn.mutualaid.wallet.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.wallet.activation.domain.Activated.Use;
import org.junit.jupiter.api.Test;

class ActivatedTest {

    @Test
    void anInactiveWalletIsRefusedForEveryUseWithItsOwnWords() {
        for (Use use : Use.values()) {
            Rejection refusal = Activated.refusal(false, use).orElseThrow();
            assertThat(refusal.code()).isEqualTo("WALLET_NOT_ACTIVE");
            assertThat(refusal.kind()).isEqualTo(Rejection.Kind.CONFLICT);
            assertThat(refusal.detail()).contains("activate it before");
        }
        assertThat(Activated.refusal(false, Use.SET_QUOTA).orElseThrow().detail()).contains("quota");
        assertThat(Activated.refusal(false, Use.PAYMENT_CODE).orElseThrow().detail()).contains("payment code");
    }

    @Test
    void anActiveWalletIsNotRefused() {
        for (Use use : Use.values()) {
            assertThat(Activated.refusal(true, use)).isEmpty();
        }
    }
}
