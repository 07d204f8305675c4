package cn.mutualaid.relation.relationship.domain;

/** A side of a relationship; for a pending one, the side whose answer it waits for. */
public enum Party {
    BENEFACTOR, BENEFICIARY
}
