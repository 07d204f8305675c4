package cn.mutualaid.settlement.stats.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StatsRangeTest {

    @Test
    void aRangeRunsForwardAndAtMostAboutThreeYears() {
        LocalDate from = LocalDate.parse("2024-01-01");
        assertThat(StatsRange.of(from, from).to()).isEqualTo(from);
        assertThat(StatsRange.of(from, from.plusDays(StatsRange.MAX_DAYS)).to()).isEqualTo(from.plusDays(StatsRange.MAX_DAYS));
        for (LocalDate to : new LocalDate[] {from.minusDays(1), from.plusDays(StatsRange.MAX_DAYS + 1)}) {
            assertThatThrownBy(() -> StatsRange.of(from, to)).isInstanceOfSatisfying(Rejection.class, e -> {
                assertThat(e.kind()).isEqualTo(Rejection.Kind.REFUSED);
                assertThat(e.code()).isEqualTo("INVALID_RANGE");
            });
        }
    }
}
