package cn.mutualaid.relation.relationship;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import java.time.Instant;

/** A mutual-aid relationship: {@code kinship} is what the beneficiary is to the benefactor. */
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
        Instant updatedAt) {

    public boolean hasParty(String personId) {
        return benefactorId.equals(personId) || beneficiaryId.equals(personId);
    }
}
