package cn.mutualaid.relation.relationship;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.relation.relationship.domain.DissolutionReason;
import cn.mutualaid.relation.relationship.domain.Relation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** A person asks to end a relationship: either party, or an agency of either party's area (others: 404). */
@Service
public record DissolutionRequests(RelationshipService relationships, SagaOrchestrator saga, Audit audit,
        TransactionalOperator tx) {
    /** Starts the saga (or finds it started) and returns the status afterwards; the start is audited once. */
    public Mono<RelationStatus> request(Caller caller, String relationId) {
        return tx.transactional(relationships.visibleTo(caller, relationId)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("relation")))
                .flatMap(r -> {
                    if (r.status() == RelationStatus.DECLINED) {
                        return Mono.error(Rejection.conflict("RELATION_NOT_LIVE",
                                "a declined proposal has nothing to dissolve"));
                    }
                    DissolutionReason reason = reasonFor(caller, r);
                    boolean starts = r.status() == RelationStatus.PENDING_CONSENT || r.status() == RelationStatus.ACTIVE;
                    return saga.dissolve(relationId, reason).flatMap(status -> !starts ? Mono.just(status)
                            : audit.record(caller, "relation.dissolve", "relation", relationId, r.benefactorArea(),
                                    Map.of("reason", reason.name(), "from", r.status().name(), "status", status.name()))
                                    .thenReturn(status));
                }));
    }

    private static DissolutionReason reasonFor(Caller caller, Relation r) {
        if (caller.isPerson(r.benefactorId())) {
            return DissolutionReason.BENEFACTOR_REQUEST;
        }
        if (caller.isPerson(r.beneficiaryId())) {
            return DissolutionReason.BENEFICIARY_REQUEST;
        }
        return DissolutionReason.AGENCY_REQUEST;
    }
}
