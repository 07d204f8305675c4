package cn.mutualaid.relation.projection.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;

/**
 * How far mutual aid reaches in one pooling area at one moment (DOMAIN rule 9): the widest geographic step live there
 * (SAME_AREA ⊂ INTRA_PROVINCE ⊂ CROSS_PROVINCE) and the kinship step (NUCLEAR ⊂ CLOSE_RELATIVES).
 */
public record RolloutPolicy(AidScope geographicScope, KinshipScope kinshipScope) {

    /**
     * What an area has until the registry announces a change for it or its province; the registry publishes nothing
     * for it: within the province, all close relatives.
     */
    public static final RolloutPolicy DEFAULT = new RolloutPolicy(AidScope.INTRA_PROVINCE,
            KinshipScope.CLOSE_RELATIVES);

    /** Version 1's province-wide switch: cross-province aid live, or within the province only. */
    public static RolloutPolicy ofProvinceSwitch(boolean crossProvince, KinshipScope kinshipScope) {
        return new RolloutPolicy(crossProvince ? AidScope.CROSS_PROVINCE : AidScope.INTRA_PROVINCE, kinshipScope);
    }

    /** Whether a relationship of this scope may reach into (or out of) the area. */
    public boolean allows(AidScope scope) {
        return scope.ordinal() <= geographicScope.ordinal();
    }

    public boolean allows(Kinship kinship) {
        return kinshipScope.allows(kinship);
    }
}
