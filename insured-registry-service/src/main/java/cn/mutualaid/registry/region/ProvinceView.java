package cn.mutualaid.registry.region;

/** A province-level area with its rollout policy, as GET /api/v1/regions/provinces lists it. */
public record ProvinceView(String code, String name, Rollout rollout) {
}
