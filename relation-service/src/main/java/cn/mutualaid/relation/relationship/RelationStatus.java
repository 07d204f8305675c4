package cn.mutualaid.relation.relationship;

/** The life of a mutual-aid relationship. */
public enum RelationStatus {
    PENDING_CONSENT, ACTIVE, DISSOLVING, DISSOLVED, DECLINED;

    /** Live relationships block a second one for the same pair (see the relation_live_pair index). */
    public boolean isLive() {
        return this == PENDING_CONSENT || this == ACTIVE || this == DISSOLVING;
    }
}
