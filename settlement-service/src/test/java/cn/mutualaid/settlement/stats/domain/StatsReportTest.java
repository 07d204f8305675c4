package cn.mutualaid.settlement.stats.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Province;
import cn.mutualaid.kernel.Rejection;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsReportTest {
    private static final StatsRange MARCH = StatsRange.of(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-31"));

    @Test
    void everyScopeAndCategoryAppearsAndTheMarginsAddUp() {
        StatsReport report = StatsReport.of(StatsQuery.national(MARCH), List.of(
                new StatsReport.Cell("SAME_AREA", "MEDICAL_INSTITUTION", 3_298, 263),
                new StatsReport.Cell("INTRA_PROVINCE", "RETAIL_PHARMACY", 393, 20),
                new StatsReport.Cell("SAME_AREA", "RETAIL_PHARMACY", -5, 0)));
        assertThat(report.byScopeAndCategory()).hasSize(12);
        assertThat(report.byScopeAndCategory().get(0)).isEqualTo(
                new StatsReport.Cell("SAME_AREA", "MEDICAL_INSTITUTION", 3_298, 263));
        assertThat(report.byScope()).extracting(StatsReport.Row::key)
                .containsExactly("SAME_AREA", "INTRA_PROVINCE", "CROSS_PROVINCE");
        assertThat(report.byScope().get(0)).isEqualTo(new StatsReport.Row("SAME_AREA", 3_293, 263));
        assertThat(report.byCategory()).extracting(StatsReport.Row::key).containsExactly("MEDICAL_INSTITUTION",
                "RETAIL_PHARMACY", "RESIDENT_CONTRIBUTION", "LTC_CONTRIBUTION");
        assertThat(report.byCategory().get(1)).isEqualTo(new StatsReport.Row("RETAIL_PHARMACY", 388, 20));
        assertThat(report.byScope().get(2)).isEqualTo(new StatsReport.Row("CROSS_PROVINCE", 0, 0));
        assertThat(report.totalFen()).isEqualTo(3_686);
        assertThat(report.uses()).isEqualTo(283);
        assertThat(report.province()).isNull();
        assertThat(report.side()).isNull();
    }

    @Test
    void aProvinceReportNamesItsProvinceAndSide() {
        StatsReport report = StatsReport.of(StatsQuery.of(MARCH, Province.of("510000"), Side.SPEND), List.of());
        assertThat(report.province()).isEqualTo("510000");
        assertThat(report.side()).isEqualTo("spend");
        assertThat(report.totalFen()).isZero();
    }

    @Test
    void aSumThatWouldPassSixtyFourBitsFailsInsteadOfWrapping() {
        List<StatsReport.Cell> huge = List.of(new StatsReport.Cell("SAME_AREA", "MEDICAL_INSTITUTION", Long.MAX_VALUE, 1),
                new StatsReport.Cell("CROSS_PROVINCE", "MEDICAL_INSTITUTION", 1, 1));
        assertThatThrownBy(() -> StatsReport.of(StatsQuery.national(MARCH), huge)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aSideIsFundByDefaultOrSpend() {
        assertThat(Side.parse(null)).isEqualTo(Side.FUND);
        assertThat(Side.parse("fund")).isEqualTo(Side.FUND);
        assertThat(Side.parse("spend")).isEqualTo(Side.SPEND);
        for (String bad : List.of("FUND", "both", "")) {
            assertThatThrownBy(() -> Side.parse(bad)).isInstanceOfSatisfying(Rejection.class, e -> {
                assertThat(e.kind()).isEqualTo(Rejection.Kind.MALFORMED);
                assertThat(e.code()).isEqualTo("INVALID_SIDE");
            });
        }
    }
}
