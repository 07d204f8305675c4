package cn.mutualaid.wallet.quota.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import org.junit.jupiter.api.Test;

class QuotaStateTest {

    private static void balanced(QuotaState q) {
        assertThat(q.used() + q.held() + q.remaining() + q.released()).isEqualTo(q.granted());
        assertThat(q.frozen()).isEqualTo(q.held() + q.remaining());
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
    void holdCaptureVoidKeepTheQuotaBalanced() {
        QuotaState q = new QuotaState(1000, 0, 0, 0).hold(400);
        balanced(q);
        assertThat(q.frozen()).isEqualTo(1000);
        QuotaState captured = q.capture(400);
        balanced(captured);
        assertThat(captured.used()).isEqualTo(400);
        assertThat(captured.frozen()).isEqualTo(600);
        QuotaState voided = q.voidHold(400);
        assertThat(voided.remaining()).isEqualTo(1000);
        assertThatThrownBy(() -> q.hold(601)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> q.capture(401)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refundGoesBackToTheQuotaOrCountsAsReleased() {
        QuotaState captured = new QuotaState(1000, 400, 0, 0);
        QuotaState toQuota = captured.refund(100, true);
        assertThat(toQuota.remaining()).isEqualTo(700);
        assertThat(toQuota.frozen()).isEqualTo(700);
        QuotaState toAvailable = captured.refund(100, false);
        assertThat(toAvailable.remaining()).isEqualTo(600);
        assertThat(toAvailable.released()).isEqualTo(100);
        assertThat(toAvailable.frozen()).isEqualTo(600);
        balanced(toQuota);
        balanced(toAvailable);
    }

    @Test
    void releaseUnfreezesEverythingUnusedOnceHoldsAreGone() {
        QuotaState q = new QuotaState(1000, 300, 200, 0);
        assertThatThrownBy(q::release).isInstanceOf(IllegalStateException.class);
        QuotaState released = q.voidHold(200).release();
        assertThat(released.released()).isEqualTo(700);
        assertThat(released.frozen()).isZero();
        assertThat(released.used() + released.released()).isEqualTo(released.granted());
        assertThat(released.release()).isEqualTo(released);
    }

    @Test
    void partsOutOfRangeCannotExist() {
        assertThatThrownBy(() -> new QuotaState(100, 60, 50, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new QuotaState(100, -1, 0, 0)).isInstanceOf(IllegalStateException.class);
    }
}
