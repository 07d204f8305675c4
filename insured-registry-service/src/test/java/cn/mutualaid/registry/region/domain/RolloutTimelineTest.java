package cn.mutualaid.registry.region.domain;

import static cn.mutualaid.contracts.AidScope.CROSS_PROVINCE;
import static cn.mutualaid.contracts.AidScope.INTRA_PROVINCE;
import static cn.mutualaid.contracts.AidScope.SAME_AREA;
import static cn.mutualaid.contracts.KinshipScope.CLOSE_RELATIVES;
import static cn.mutualaid.contracts.KinshipScope.NUCLEAR;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.registry.region.domain.RolloutPolicy.Source;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RolloutTimelineTest {
    private static final String SUZHOU = "320500";
    private static final String JIANGSU = "320000";
    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant JULY = Instant.parse("2026-07-01T00:00:00Z");
    private long filed;

    private RolloutSetting setting(String code, AidScope geographic, KinshipScope kinship, Instant from) {
        return new RolloutSetting(++filed, code, geographic, kinship, from, "admin", MAY);
    }

    @Test
    void nothingFiledIsTheDefaultOfTheProvince() {
        RolloutPolicy policy = RolloutTimeline.of(List.of(), List.of()).at(JUNE);
        assertThat(policy).isEqualTo(new RolloutPolicy(INTRA_PROVINCE, CLOSE_RELATIVES,
                Instant.parse("2025-01-01T00:00:00Z"), Source.PROVINCE));
    }

    @Test
    void aScheduledChangeTakesEffectExactlyAtItsInstant() {
        RolloutSetting cross = setting(JIANGSU, CROSS_PROVINCE, NUCLEAR, JUNE);
        RolloutTimeline timeline = RolloutTimeline.of(List.of(), List.of(cross));

        assertThat(timeline.at(JUNE.minusNanos(1000))).isEqualTo(RolloutTimeline.DEFAULT);
        assertThat(timeline.at(JUNE)).isEqualTo(new RolloutPolicy(CROSS_PROVINCE, NUCLEAR, JUNE, Source.PROVINCE));
        assertThat(timeline.scheduledAfter(MAY)).containsExactly(timeline.at(JUNE));
        assertThat(timeline.scheduledAfter(JUNE)).isEmpty();
    }

    @Test
    void anAreaSettingOverridesItsProvince() {
        RolloutTimeline timeline = RolloutTimeline.of(List.of(setting(SUZHOU, SAME_AREA, NUCLEAR, MAY)),
                List.of(setting(JIANGSU, CROSS_PROVINCE, CLOSE_RELATIVES, MAY)));
        assertThat(timeline.at(JUNE)).isEqualTo(new RolloutPolicy(SAME_AREA, NUCLEAR, MAY, Source.AREA));
        // before the area's own setting, the province's default
        assertThat(timeline.at(MAY.minusSeconds(1)).source()).isEqualTo(Source.PROVINCE);
    }

    @Test
    void aProvinceChangeAfterAnAreaSettingDoesNotOverrideTheArea() {
        List<RolloutSetting> area = List.of(setting(SUZHOU, SAME_AREA, NUCLEAR, MAY));
        List<RolloutSetting> province = List.of(setting(JIANGSU, CROSS_PROVINCE, CLOSE_RELATIVES, JUNE));
        RolloutTimeline timeline = RolloutTimeline.of(area, province);

        assertThat(timeline.at(JULY)).isEqualTo(new RolloutPolicy(SAME_AREA, NUCLEAR, MAY, Source.AREA));
        // so the province's scheduled change does not apply to this area
        assertThat(timeline.scheduledAfter(MAY)).isEmpty();
        // while an area without a setting of its own follows it
        assertThat(RolloutTimeline.of(List.of(), province).at(JULY).geographicScope()).isEqualTo(CROSS_PROVINCE);
    }

    @Test
    void aProvinceChangeBeforeTheAreasScheduledSettingAppliesUntilThen() {
        RolloutTimeline timeline = RolloutTimeline.of(List.of(setting(SUZHOU, CROSS_PROVINCE, NUCLEAR, JULY)),
                List.of(setting(JIANGSU, INTRA_PROVINCE, NUCLEAR, JUNE)));
        assertThat(timeline.scheduledAfter(MAY)).extracting(RolloutPolicy::effectiveFrom, RolloutPolicy::source)
                .containsExactly(Tuple.tuple(JUNE, Source.PROVINCE),
                        Tuple.tuple(JULY, Source.AREA));
        assertThat(timeline.at(JUNE).source()).isEqualTo(Source.PROVINCE);
        assertThat(timeline.at(JULY).source()).isEqualTo(Source.AREA);
    }

    @Test
    void theLatestEffectiveSettingWinsAndAmongEqualInstantsTheOneFiledLast() {
        RolloutSetting june = setting(JIANGSU, CROSS_PROVINCE, NUCLEAR, JUNE);
        RolloutSetting mayFiledLater = setting(JIANGSU, INTRA_PROVINCE, NUCLEAR, MAY);
        RolloutSetting juneReplaced = setting(JIANGSU, INTRA_PROVINCE, CLOSE_RELATIVES, JUNE);
        RolloutTimeline timeline = RolloutTimeline.ofProvince(List.of(june, mayFiledLater, juneReplaced));

        assertThat(timeline.at(MAY).geographicScope()).isEqualTo(INTRA_PROVINCE);
        assertThat(timeline.at(JULY)).isEqualTo(new RolloutPolicy(INTRA_PROVINCE, CLOSE_RELATIVES, JUNE,
                Source.PROVINCE));
        // the replaced June setting is not scheduled any more; the one that replaced it is
        assertThat(timeline.scheduledAfter(MAY)).containsExactly(timeline.at(JUNE));
    }

    @Test
    void filingTheSamePolicyForTheSameInstantAgainChangesNothing() {
        List<RolloutSetting> own = List.of(setting(SUZHOU, SAME_AREA, NUCLEAR, JUNE),
                setting(SUZHOU, CROSS_PROVINCE, NUCLEAR, JUNE));
        assertThat(RolloutTimeline.alreadyFiled(own, CROSS_PROVINCE, NUCLEAR, JUNE)).isTrue();
        // the earlier filing for June was replaced: filing it again is a change
        assertThat(RolloutTimeline.alreadyFiled(own, SAME_AREA, NUCLEAR, JUNE)).isFalse();
        assertThat(RolloutTimeline.alreadyFiled(own, CROSS_PROVINCE, NUCLEAR, JULY)).isFalse();
        assertThat(RolloutTimeline.alreadyFiled(List.of(), CROSS_PROVINCE, NUCLEAR, JUNE)).isFalse();
    }
}
