package cn.mutualaid.relation.relationship.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import java.time.Instant;

/**
 * A mutual-aid relationship: {@code kinship} is what the beneficiary is to the benefactor. {@code consentParty} is the
 * side whose consent it needs (while PENDING_CONSENT: the side it waits for).
 */
public record Relation(
        String relationId,
        String benefactorId,
        String beneficiaryId,
        Kinship kinship,
        AidScope scope,
        RelationStatus status,
        String benefactorArea,
        String beneficiaryArea,
        Instant createdAt,
        Instant updatedAt,
        Party consentParty) {
}
