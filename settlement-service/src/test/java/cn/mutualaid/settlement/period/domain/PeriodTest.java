package cn.mutualaid.settlement.period.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.web.Problems;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodTest {

    @Test
    void monthsAreChinaTime() {
        // 2024-01-31 16:00 UTC is already 2024-02-01 00:00 in Shanghai.
        assertThat(Period.of(Instant.parse("2024-01-31T15:59:59Z"))).hasToString("202401");
        assertThat(Period.of(Instant.parse("2024-01-31T16:00:00Z"))).hasToString("202402");
        assertThat(Period.parse("202401").start()).isEqualTo(Instant.parse("2023-12-31T16:00:00Z"));
        assertThat(Period.parse("202412").end()).isEqualTo(Instant.parse("2024-12-31T16:00:00Z"));
        assertThat(Period.parse("202412").next()).hasToString("202501");
    }

    @Test
    void aMonthEndsAtTheFirstInstantOfTheNext() {
        Period january = Period.parse("202401");
        assertThat(january.hasEnded(Instant.parse("2024-01-31T15:59:59Z"))).isFalse();
        assertThat(january.hasEnded(Instant.parse("2024-01-31T16:00:00Z"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"202613", "202400", "abc", "2024-01", "20241", "2024011", "199912", ""})
    void badPeriodsAreRefusedWith400(String text) {
        assertThatThrownBy(() -> Period.parse(text))
                .isInstanceOfSatisfying(Rejection.class, e -> {
                    assertThat(Problems.statusOf(e.kind()).value()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_PERIOD");
                });
    }
}
