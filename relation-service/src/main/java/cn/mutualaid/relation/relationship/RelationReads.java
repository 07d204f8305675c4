package cn.mutualaid.relation.relationship;

import cn.mutualaid.relation.relationship.domain.DissolutionSaga;
import cn.mutualaid.relation.relationship.domain.Party;
import cn.mutualaid.relation.relationship.domain.Relation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import cn.mutualaid.relation.relationship.store.RelationStore;
import cn.mutualaid.relation.relationship.store.SagaStore;
import cn.mutualaid.relation.relationship.store.SagaStore.SagaRow;
import cn.mutualaid.relation.relationship.store.SagaStore.StepRow;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What the API shows of relationships: a person's list, and a relationship's dissolution with its history. */
@Service
public record RelationReads(RelationStore relations, SagaStore sagas, SagaProperties properties, Clock clock) {
    /** A relationship's saga as it stands, its steps, and whether it has waited too long (mesh.saga.stuck-after). */
    public record Dissolution(SagaRow saga, List<StepRow> steps, boolean stuck) {
    }

    /** A person's relationships, newest first, optionally one role and one status. */
    public Flux<Relation> of(String personId, Party role, RelationStatus status, int page, int size) {
        return relations.pageOf(personId, role, status, page, size).flatMapMany(Flux::fromIterable);
    }

    /** Empty while the relationship is not ending. */
    public Mono<Dissolution> dissolutionOf(String relationId) {
        return sagas.findByRelation(relationId).flatMap(s -> sagas.steps(s.sagaId()).map(steps -> new Dissolution(s,
                steps, DissolutionSaga.isStuck(s.state(), s.startedAt(), clock.instant(), properties.stuckAfter()))));
    }
}
