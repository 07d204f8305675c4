package cn.mutualaid.relation.relationship.api;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.platform.validation.OpaqueId;
import io.swagger.v3.oas.annotations.media.Schema;
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
            @Schema(description = "The person whose account pays: required of an agency; an insured caller may omit"
                    + " it or name only themselves", example = "0192f3a1-6c2e-7b10-8d4f-2a9c51e07b36")
            @OpaqueId String benefactorId,
            @Schema(description = "The relative whose care the benefactor's account pays for",
                    example = "0192f3a1-9e47-7d02-b3c8-6f15d8a20c91")
            @NotNull @OpaqueId String beneficiaryId,
            @Schema(description = "What the beneficiary is to the benefactor; the registry must have verified it",
                    example = "CHILD")
            @NotNull Kinship kinship) {
    }
}
