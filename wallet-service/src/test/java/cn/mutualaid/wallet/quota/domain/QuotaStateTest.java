package cn.mutualaid.wallet.quota.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import org.junit.jupiter.api.Test;

/** The rules QuotaState decides; the arithmetic of holds, captures, voids and refunds is PaymentStoreIT's. */
class QuotaStateTest {

    private static void balanced(QuotaState q) {
        assertThat(q.used() + q.held() + q.remaining() + q.released()).isEqualTo(q.granted());
    }

    @Test
    void raisingFreezesTheDifferenceAndLoweringUnfreezesIt() {
        QuotaState q = new QuotaState(1000, 200, 300, 0);
        assertThat(q.deltaTo(1500)).isEqualTo(500);
        assertThat(q.deltaTo(600)).isEqualTo(-400);
        assertThat(q.deltaTo(500)).isEqualTo(-500);
        balanced(q.withGranted(500));
        assertThat(q.withGranted(500).remaining()).isZero();
    }

    @Test
    void neverBelowUsedPlusHeld() {
        QuotaState q = new QuotaState(1000, 200, 300, 0);
        assertThatThrownBy(() -> q.deltaTo(499))
                .satisfies(e -> assertThat(((Rejection) e).code()).isEqualTo("QUOTA_BELOW_USED"));
    }

    @Test
    void releaseUnfreezesEverythingUnusedOnceHoldsAreGone() {
        QuotaState q = new QuotaState(1000, 300, 200, 0);
        assertThatThrownBy(q::release).isInstanceOf(IllegalStateException.class);
        QuotaState released = new QuotaState(1000, 300, 0, 0).release();
        assertThat(released.released()).isEqualTo(700);
        assertThat(released.remaining()).isZero();
        assertThat(released.used() + released.released()).isEqualTo(released.granted());
        assertThat(released.release()).isEqualTo(released);
    }

    @Test
    void partsOutOfRangeCannotExist() {
        assertThatThrownBy(() -> new QuotaState(100, 60, 50, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new QuotaState(100, -1, 0, 0)).isInstanceOf(IllegalStateException.class);
    }
}
