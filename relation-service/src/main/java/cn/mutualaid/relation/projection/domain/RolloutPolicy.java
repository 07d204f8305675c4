package cn.mutualaid.relation.projection.domain;

import cn.mutualaid.contracts.KinshipScope;

/** How far mutual aid reaches in one province at one moment (DOMAIN rule 9). */
public record RolloutPolicy(boolean crossProvince, KinshipScope kinshipScope) {

    /** What a province has until the registry announces a change; the registry publishes nothing for it. */
    public static final RolloutPolicy DEFAULT = new RolloutPolicy(false, KinshipScope.CLOSE_RELATIVES);
}
