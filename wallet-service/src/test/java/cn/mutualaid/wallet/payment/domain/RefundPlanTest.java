package cn.mutualaid.wallet.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefundPlanTest {
    private final List<RefundPlan.LineBalance> lines = List.of(
            new RefundPlan.LineBalance(0, 300, 0), new RefundPlan.LineBalance(1, 400, 100));

    @Test
    void theLastLineDrawnIsReturnedFirst() {
        assertThat(RefundPlan.plan(200, lines)).containsExactly(new RefundPlan.Part(1, 200));
        assertThat(RefundPlan.plan(450, lines)).containsExactly(new RefundPlan.Part(1, 300), new RefundPlan.Part(0, 150));
    }

    @Test
    void neverMoreThanCapturedMinusRefunded() {
        assertThat(RefundPlan.plan(600, lines)).extracting(RefundPlan.Part::amountFen).containsExactly(300L, 300L);
        assertThatThrownBy(() -> RefundPlan.plan(601, lines))
                .satisfies(e -> assertThat(((Rejection) e).code()).isEqualTo("REFUND_EXCEEDS_CAPTURED"));
    }
}
