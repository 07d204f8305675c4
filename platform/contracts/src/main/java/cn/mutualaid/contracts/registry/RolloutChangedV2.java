package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/**
 * The rollout of a province or of one pooling area changed, or a change was scheduled (keyed by {@code code}).
 * {@code code} is a province code ({@code xx0000}: the setting of every area of the province without its own) or a
 * pooling area's code. {@code geographicScope} is the widest reach live there: SAME_AREA, INTRA_PROVINCE or
 * CROSS_PROVINCE. The policy takes effect at {@code effectiveFrom}, which may lie in the future (a scheduled change);
 * consumers keep every change and judge an act by the one in force at the act's own time. Version 1 carried a
 * province-wide switch only; it is still read for events already on the topic.
 */
@Contract(type = "RolloutChanged", version = 2, topic = Topics.REGISTRY_EVENTS)
public record RolloutChangedV2(String code, AidScope geographicScope, KinshipScope kinshipScope, Instant effectiveFrom,
        String changedBy, Instant at) {
}
