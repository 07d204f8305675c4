package cn.mutualaid.registry.region.domain;

import cn.mutualaid.contracts.KinshipScope;
import java.time.Instant;

/** A province's rollout policy: whether cross-province aid is live, which relatives qualify, and from when. */
public record Rollout(boolean crossProvince, KinshipScope kinshipScope, Instant effectiveFrom) {
}
