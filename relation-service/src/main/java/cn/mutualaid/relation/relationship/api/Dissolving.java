package cn.mutualaid.relation.relationship.api;

import cn.mutualaid.relation.relationship.domain.RelationStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a dissolve request: a schema of its own, so that a generated client reads it as a typed model. */
public record Dissolving(
        @Schema(description = "The relationship being dissolved", example = "0192f3a2-0b1d-7e55-a4c0-93d1f6e2b718")
        String relationId,
        @Schema(description = "DISSOLVING while the saga returns the frozen quota; DISSOLVED when nothing was frozen",
                allowableValues = {"DISSOLVING", "DISSOLVED"}, example = "DISSOLVING")
        RelationStatus status) {
}
