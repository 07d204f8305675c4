package cn.mutualaid.registry.region.domain;

import java.time.Instant;

/** One filed change of a province's rollout policy: from the setting filed before it (or the default), to this. */
public record RolloutChange(String changedBy, Instant changedAt, Rollout from, Rollout to) {

    /** The first change of a province (no setting filed before it) is a change from the default. */
    public RolloutChange fromDefaultWhenFirst() {
        return from != null ? this : new RolloutChange(changedBy, changedAt, Rollout.of(RolloutTimeline.DEFAULT), to);
    }
}
