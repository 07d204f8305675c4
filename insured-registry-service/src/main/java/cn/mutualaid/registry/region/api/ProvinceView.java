package cn.mutualaid.registry.region.api;

import cn.mutualaid.registry.region.domain.ProvinceRollout;
import cn.mutualaid.registry.region.domain.Rollout;

/** A province-level area with its rollout policy, as GET /api/v1/regions/provinces lists it. */
public record ProvinceView(String code, String name, Rollout rollout) {

    static ProvinceView of(ProvinceRollout province) {
        return new ProvinceView(province.code(), province.name(), province.rollout());
    }
}
