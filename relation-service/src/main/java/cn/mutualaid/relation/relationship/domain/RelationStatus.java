package cn.mutualaid.relation.relationship.domain;

/** The life of a mutual-aid relationship. */
public enum RelationStatus {
    PENDING_CONSENT, ACTIVE, DISSOLVING, DISSOLVED, DECLINED
}
