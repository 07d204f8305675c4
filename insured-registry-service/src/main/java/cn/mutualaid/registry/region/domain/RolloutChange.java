package cn.mutualaid.registry.region.domain;

import java.time.Instant;

/** One audited change of a province's rollout policy. */
public record RolloutChange(String changedBy, Instant changedAt, Rollout from, Rollout to) {
}
