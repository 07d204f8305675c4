package cn.mutualaid.relation.relationship.domain;

/** Why a relationship ends. */
public enum DissolutionReason {
    BENEFACTOR_REQUEST, BENEFICIARY_REQUEST, AGENCY_REQUEST, INSURANCE_TERMINATED, INSURANCE_TRANSFERRED
}
