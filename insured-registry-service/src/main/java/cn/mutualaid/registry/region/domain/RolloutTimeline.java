package cn.mutualaid.registry.region.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.registry.region.domain.RolloutPolicy.Source;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which rollout policy is in force for a pooling area at an instant, from every setting ever filed for the area and
 * for its province. At instant T it is the area's latest setting with effectiveFrom <= T; else the province's latest
 * setting with effectiveFrom <= T; else {@link #DEFAULT}. "Latest" is the greatest effectiveFrom, and among settings
 * of the same effectiveFrom the one filed last (so a scheduled change is replaced by filing another one for the same
 * instant). A change with a future effectiveFrom therefore needs no timer: it is in force from its instant on.
 */
public final class RolloutTimeline {
    /**
     * The policy of every province until it files one: aid within the province, all close relatives, since
     * 2025-01-01. Never published: consumers assume the same default.
     */
    public static final RolloutPolicy DEFAULT = new RolloutPolicy(AidScope.INTRA_PROVINCE, KinshipScope.CLOSE_RELATIVES,
            Instant.parse("2025-01-01T00:00:00Z"), Source.PROVINCE);

    private static final Comparator<RolloutSetting> LATEST = Comparator.comparing(RolloutSetting::effectiveFrom)
            .thenComparingLong(RolloutSetting::id);

    private final List<RolloutSetting> area;
    private final List<RolloutSetting> province;

    private RolloutTimeline(List<RolloutSetting> area, List<RolloutSetting> province) {
        this.area = List.copyOf(area);
        this.province = List.copyOf(province);
    }

    /** A pooling area's timeline: its own settings, and its province's. */
    public static RolloutTimeline of(List<RolloutSetting> area, List<RolloutSetting> province) {
        return new RolloutTimeline(area, province);
    }

    /** A province's own timeline: what every area of it without a setting of its own follows. */
    public static RolloutTimeline ofProvince(List<RolloutSetting> province) {
        return new RolloutTimeline(List.of(), province);
    }

    /** The policy in force at {@code at}. */
    public RolloutPolicy at(Instant at) {
        return settingAt(at).map(this::policy).orElse(DEFAULT);
    }

    /**
     * The changes after {@code now} that will come into force, in the order they do: each setting that will be the
     * one in force at its own instant (a province's change the area overrides by then, or a setting replaced by a
     * later filing for the same instant, is left out).
     */
    public List<RolloutPolicy> scheduledAfter(Instant now) {
        return Stream.concat(area.stream(), province.stream())
                .filter(s -> s.effectiveFrom().isAfter(now))
                .filter(s -> settingAt(s.effectiveFrom()).filter(s::equals).isPresent())
                .sorted(LATEST)
                .map(this::policy)
                .toList();
    }

    /**
     * True when filing this policy for {@code effectiveFrom} would change nothing: the last setting filed for that
     * same instant, among {@code own} (the settings of the code being changed), is this policy already.
     */
    public static boolean alreadyFiled(List<RolloutSetting> own, AidScope geographicScope, KinshipScope kinshipScope,
            Instant effectiveFrom) {
        return own.stream().filter(s -> s.effectiveFrom().equals(effectiveFrom))
                .max(Comparator.comparingLong(RolloutSetting::id))
                .filter(s -> s.geographicScope() == geographicScope && s.kinshipScope() == kinshipScope)
                .isPresent();
    }

    private Optional<RolloutSetting> settingAt(Instant at) {
        return latest(area, at).or(() -> latest(province, at));
    }

    private static Optional<RolloutSetting> latest(List<RolloutSetting> settings, Instant at) {
        return settings.stream().filter(s -> !s.effectiveFrom().isAfter(at)).max(LATEST);
    }

    private RolloutPolicy policy(RolloutSetting setting) {
        return RolloutPolicy.of(setting, area.contains(setting) ? Source.AREA : Source.PROVINCE);
    }
}
