package cn.mutualaid.registry.region.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import java.time.Instant;

/**
 * The rollout policy of a pooling area from {@code effectiveFrom}: the widest geographic reach of aid and which
 * relatives qualify. {@code source} says whose setting it is: the area's own, or its province's (the province's
 * default included).
 */
public record RolloutPolicy(AidScope geographicScope, KinshipScope kinshipScope, Instant effectiveFrom, Source source) {

    public enum Source {
        AREA, PROVINCE
    }

    static RolloutPolicy of(RolloutSetting setting, Source source) {
        return new RolloutPolicy(setting.geographicScope(), setting.kinshipScope(), setting.effectiveFrom(), source);
    }
}
