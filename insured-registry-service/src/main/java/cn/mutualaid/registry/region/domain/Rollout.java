package cn.mutualaid.registry.region.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import java.time.Instant;

/**
 * A province's rollout policy as its own endpoints show it: whether cross-province aid is live (else aid stays
 * within the province), which relatives qualify, and from when.
 */
public record Rollout(boolean crossProvince, KinshipScope kinshipScope, Instant effectiveFrom) {

    public static Rollout of(RolloutPolicy policy) {
        return new Rollout(policy.geographicScope() == AidScope.CROSS_PROVINCE, policy.kinshipScope(),
                policy.effectiveFrom());
    }

    /**
     * The reach a province's switch stands for: across provinces, or within the province. (SAME_AREA is a setting of
     * one area only.) Static, so that it is no property of the JSON shape.
     */
    public static AidScope geographicScope(boolean crossProvince) {
        return crossProvince ? AidScope.CROSS_PROVINCE : AidScope.INTRA_PROVINCE;
    }
}
