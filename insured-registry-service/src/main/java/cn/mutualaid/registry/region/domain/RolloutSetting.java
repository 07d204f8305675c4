package cn.mutualaid.registry.region.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import java.time.Instant;

/**
 * One filed rollout change of a province ({@code code} xx0000) or of one pooling area, kept for good: settings are
 * added, never overwritten. {@code id} is the filing order.
 */
public record RolloutSetting(long id, String code, AidScope geographicScope, KinshipScope kinshipScope,
        Instant effectiveFrom, String changedBy, Instant changedAt) {
}
