package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The December 2024 data set says what the reports of that month say, in the figures they give. */
class RolloutDataSetTest {
    private final List<RolloutDataSet.Step> steps = RolloutDataSet.read("2024-12");
    private final OffsetDateTime december = OffsetDateTime.parse("2024-12-31T00:00:00+08:00");

    /** The last step of each code in force at the end of December 2024. */
    private Map<String, RolloutDataSet.Step> inForce() {
        return steps.stream().filter(s -> !s.effectiveFrom().isAfter(december))
                .collect(Collectors.toMap(RolloutDataSet.Step::code, s -> s, (a, b) -> b.effectiveFrom().isAfter(a.effectiveFrom()) ? b : a));
    }

    @Test
    void everyProvinceLevelAreaHasWithinProvinceAidAnd23HaveAllCloseRelatives() {
        var provinces = inForce().values().stream().filter(RolloutDataSet.Step::isProvince).toList();
        assertThat(provinces).hasSize(32); // 31 provinces and the Xinjiang Production and Construction Corps
        assertThat(provinces).allMatch(s -> s.geographicScope().equals("INTRA_PROVINCE"));
        assertThat(provinces.stream().filter(s -> s.kinshipScope().equals("CLOSE_RELATIVES"))).hasSize(23);
    }

    @Test
    void nineProvincesWith31PoolingAreasAreLiveAcrossProvincesFromTheSecondOfDecember() {
        var cross = inForce().values().stream().filter(s -> s.geographicScope().equals("CROSS_PROVINCE")).toList();
        assertThat(cross).hasSize(31).noneMatch(RolloutDataSet.Step::isProvince);
        assertThat(cross.stream().map(s -> s.code().substring(0, 2)).distinct()).hasSize(9);
        assertThat(cross).allMatch(s -> s.effectiveFrom().equals(OffsetDateTime.parse("2024-12-02T00:00:00+08:00")));
        assertThat(cross).extracting(RolloutDataSet.Step::code).contains("320500", "410100", "510100");
        // The areas live across provinces are in provinces with all close relatives (the reports' "近亲属" scope).
        var close = inForce().values().stream().filter(s -> s.kinshipScope().equals("CLOSE_RELATIVES"))
                .map(s -> s.code().substring(0, 2)).collect(Collectors.toSet());
        assertThat(cross).allMatch(s -> close.contains(s.code().substring(0, 2)));
    }
}
