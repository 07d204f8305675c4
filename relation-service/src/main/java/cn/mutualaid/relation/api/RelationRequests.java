package cn.mutualaid.relation.api;

import cn.mutualaid.contracts.Kinship;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the relationship API. */
final class RelationRequests {
    private RelationRequests() {
    }

    /**
     * POST /relations. An insured benefactor sends {beneficiaryId, kinship} (benefactorId is the token's subject);
     * an agency also names the benefactor. {@code kinship} is what the beneficiary is to the benefactor.
     */
    record Establish(
            @Size(max = 64) String benefactorId,
            @NotBlank @Size(max = 64) String beneficiaryId,
            @NotNull Kinship kinship) {
    }
}
