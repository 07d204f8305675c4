package cn.mutualaid.settlement.prepaid.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrepaidPolicyTest {
    private final PrepaidPolicy policy = new PrepaidPolicy(2, 3, PrepaidPolicy.basisPoints("0.5"));

    @Test
    void fractionIsHeldInBasisPointsRoundedUp() {
        assertThat(PrepaidPolicy.basisPoints("0.5")).isEqualTo(5000);
        assertThat(PrepaidPolicy.basisPoints("1")).isEqualTo(10_000);
        assertThat(PrepaidPolicy.basisPoints("0.33333")).isEqualTo(3334);
        assertThatThrownBy(() -> PrepaidPolicy.basisPoints("1.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrepaidPolicy.basisPoints("-0.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requiredIsMonthsTimesAverageOutflowRoundedUpToTheFen() {
        assertThat(policy.required(300, 3)).isEqualTo(200);    // 2 x 100
        assertThat(policy.required(100, 3)).isEqualTo(67);     // 2 x 33.33.. = 66.67 -> 67
        assertThat(policy.required(0, 3)).isZero();
        assertThat(policy.required(500, 0)).isZero();          // nothing settled yet
    }

    @Test
    void statusComparesExactlyInIntegers() {
        assertThat(policy.status(100, 200)).isEqualTo(PrepaidPolicy.OK);        // exactly half: not below
        assertThat(policy.status(99, 200)).isEqualTo(PrepaidPolicy.LOW);
        assertThat(policy.status(0, 0)).isEqualTo(PrepaidPolicy.OK);
        assertThat(policy.status(-1, 0)).isEqualTo(PrepaidPolicy.OVERDRAWN);
        assertThat(new PrepaidPolicy(2, 3, 3334).status(33, 100)).isEqualTo(PrepaidPolicy.LOW); // 33.34 required
    }

    @Test
    void statusStaysExactWhereBalanceTimesTenThousandPassesSixtyFourBits() {
        assertThat(policy.status(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(PrepaidPolicy.OK);
        assertThat(policy.status(Long.MAX_VALUE / 2 - 1, Long.MAX_VALUE)).isEqualTo(PrepaidPolicy.LOW);
        assertThat(policy.status(1_000_000_000_000_000L, 2_000_000_000_000_000L)).isEqualTo(PrepaidPolicy.OK);
    }

    @Test
    void aWarningOnlyWhenLeavingOk() {
        assertThat(PrepaidPolicy.becameLow("OK", "LOW")).isTrue();
        assertThat(PrepaidPolicy.becameLow("OK", "OVERDRAWN")).isTrue();
        assertThat(PrepaidPolicy.becameLow("LOW", "OVERDRAWN")).isFalse();
        assertThat(PrepaidPolicy.becameLow("LOW", "LOW")).isFalse();
        assertThat(PrepaidPolicy.becameLow("LOW", "OK")).isFalse();
    }
}
