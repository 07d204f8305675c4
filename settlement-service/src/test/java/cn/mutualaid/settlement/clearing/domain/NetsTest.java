package cn.mutualaid.settlement.clearing.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetsTest {

    @Test
    void netsMustBalance() {
        Nets.assertBalanced("202401", java.util.Map.of("110000", -5L, "320000", 3L, "410000", 2L));
        assertThatThrownBy(() -> Nets.assertBalanced("202401", java.util.Map.of("110000", -5L, "320000", 4L)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("-1");
    }
}
