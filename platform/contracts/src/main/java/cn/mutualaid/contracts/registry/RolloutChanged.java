package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A province's rollout policy changed (keyed by the province code). */
@Contract(type = "RolloutChanged", version = 1, topic = Topics.REGISTRY_EVENTS)
public record RolloutChanged(String province, boolean crossProvince, KinshipScope kinshipScope, Instant effectiveFrom, String changedBy, Instant at) {
}
