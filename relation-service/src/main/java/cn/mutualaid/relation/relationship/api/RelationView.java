package cn.mutualaid.relation.relationship.api;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.relation.relationship.domain.DissolutionReason;
import cn.mutualaid.relation.relationship.domain.DissolutionSaga;
import cn.mutualaid.relation.relationship.domain.Party;
import cn.mutualaid.relation.relationship.domain.Relation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A relationship as the API shows it; {@code awaiting} (BENEFACTOR|BENEFICIARY) only while it waits for consent,
 * {@code dissolution} only once it is ending.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RelationView(
        String relationId,
        String benefactorId,
        String beneficiaryId,
        Kinship kinship,
        AidScope scope,
        RelationStatus status,
        String benefactorPoolingArea,
        String beneficiaryPoolingArea,
        Instant createdAt,
        Instant updatedAt,
        Party awaiting,
        Dissolution dissolution) {

    /**
     * The saga's state and history. {@code releasedFen} is null until the wallet replied; {@code stuck} is true while
     * it has waited for the wallet longer than mesh.saga.stuck-after.
     */
    public record Dissolution(
            String sagaId,
            DissolutionReason reason,
            DissolutionSaga.State state,
            Long releasedFen,
            Long voidedHoldFen,
            int commandsSent,
            Instant startedAt,
            Instant finishedAt,
            boolean stuck,
            List<Step> saga) {
    }

    public record Step(DissolutionSaga.Step step, Instant at) {
    }

    static RelationView of(Relation r, Dissolution dissolution) {
        return new RelationView(r.relationId(), r.benefactorId(), r.beneficiaryId(), r.kinship(), r.scope(),
                r.status(), r.benefactorArea(), r.beneficiaryArea(), r.createdAt(), r.updatedAt(),
                r.status() == RelationStatus.PENDING_CONSENT ? r.consentParty() : null, dissolution);
    }
}
