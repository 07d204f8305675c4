package cn.mutualaid.relation.relationship.api;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.platform.validation.OpaqueId;
import jakarta.validation.constraints.NotNull;

/** Request bodies of the relationship API. */
final class RelationRequests {
    private RelationRequests() {
    }

    /**
     * POST /relations. An insured benefactor sends {beneficiaryId, kinship} (benefactorId is the token's subject);
     * an agency also names the benefactor. {@code kinship} is what the beneficiary is to the benefactor.
     */
    record Establish(
            @OpaqueId String benefactorId,
            @NotNull @OpaqueId String beneficiaryId,
            @NotNull Kinship kinship) {
    }
}
