package cn.mutualaid.registry.region.domain;

/** A province-level area with its rollout policy. */
public record ProvinceRollout(String code, String name, Rollout rollout) {
}
