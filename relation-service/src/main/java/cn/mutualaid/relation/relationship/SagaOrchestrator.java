package cn.mutualaid.relation.relationship;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.kernel.Uuids;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.relation.RelationDissolved;
import cn.mutualaid.contracts.relation.RelationDissolving;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.relation.relationship.domain.DissolutionReason;
import cn.mutualaid.relation.relationship.domain.DissolutionSaga;
import cn.mutualaid.relation.relationship.domain.DissolutionSaga.Effect;
import cn.mutualaid.relation.relationship.domain.DissolutionSaga.Transition;
import cn.mutualaid.relation.relationship.domain.Relation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import cn.mutualaid.relation.relationship.store.RelationStore;
import cn.mutualaid.relation.relationship.store.SagaStore;
import cn.mutualaid.relation.relationship.store.SagaStore.SagaRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drives {@link DissolutionSaga}: finds the transition for a trigger, then performs its effects and records its
 * steps. Every method runs inside the caller's transaction (the API's, or the inbox's for a consumed event), with
 * the relation or saga row locked, so that a state change, its events and its wallet command commit together.
 */
@Service
public class SagaOrchestrator {
    private static final Logger log = LoggerFactory.getLogger(SagaOrchestrator.class);

    private final RelationStore relations;
    private final SagaStore sagas;
    private final TransferCompletion transfers;
    private final Outbox outbox;
    private final Clock clock;
    private final SagaProperties properties;
    private final Counter resent;

    public SagaOrchestrator(RelationStore relations, SagaStore sagas, TransferCompletion transfers, Outbox outbox,
            Clock clock, SagaProperties properties, MeterRegistry meters) {
        this.relations = relations;
        this.sagas = sagas;
        this.transfers = transfers;
        this.outbox = outbox;
        this.clock = clock;
        this.properties = properties;
        this.resent = meters.counter("mesh.saga.resent");
    }

    /** What the effects of one transition need to know. */
    private record Context(UUID sagaId, Relation relation, DissolutionReason reason, long releasedFen, Instant now) {
    }

    /**
     * Starts dissolving a relationship. A relationship that is already ending (or never became live) is left as it
     * is, so every trigger may fire any number of times.
     *
     * @return the relationship's status afterwards; empty if there is no such relationship
     */
    public Mono<RelationStatus> dissolve(String relationId, DissolutionReason reason) {
        Instant now = clock.instant();
        return relations.findForUpdate(relationId).flatMap(relation -> DissolutionSaga.start(relation.status())
                .map(transition -> {
                    UUID sagaId = TimeOrderedUuid.next();
                    boolean waits = transition.to() == DissolutionSaga.State.STARTED;
                    SagaRow row = new SagaRow(sagaId, relationId, reason, transition.to(),
                            transition.sendsCommand() ? 1 : 0,
                            waits ? properties.backoff().nextAttempt(now, 1) : null,
                            waits ? null : 0L, waits ? null : 0L, now, waits ? null : now);
                    return sagas.insert(row)
                            .then(perform(transition, new Context(sagaId, relation, reason, 0, now)))
                            .thenReturn(waits ? RelationStatus.DISSOLVING : RelationStatus.DISSOLVED);
                })
                .orElse(Mono.just(relation.status())));
    }

    /** Insurance terminated: every live relationship of the person ends. */
    public Mono<Void> dissolveAllOf(String personId, DissolutionReason reason) {
        // In relation id order: the lock order, so that two persons' events sharing a relation cannot deadlock.
        return relations.liveIdsOf(personId).collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(id -> dissolve(id, reason))
                .then();
    }

    /**
     * Insurance transferred: every live relationship of the person ends, and the account moves once they all have.
     * A transfer id seen before changes nothing.
     */
    public Mono<Void> transfer(InsuranceTransferred event) {
        return transfers.register(event)
                .filter(Boolean::booleanValue)
                .flatMap(isNew -> dissolveAllOf(event.personId(), DissolutionReason.INSURANCE_TRANSFERRED)
                        .then(transfers.waitForSagasOf(event.transferId(), event.personId()))
                        .then(transfers.tryComplete(event.transferId())))
                .then();
    }

    /**
     * The wallet released the quota. Only a saga still waiting moves; any further reply for it (redelivered, or a
     * reply to a re-sent command) changes nothing.
     *
     * @return true if this reply finished the saga
     */
    public Mono<Boolean> onReply(ReleaseQuotaReply reply) {
        UUID sagaId = Uuids.parse(reply.sagaId()).orElse(null);
        if (sagaId == null) {
            log.warn("ReleaseQuotaReply without a valid saga id for relation {} ignored", reply.relationId());
            return Mono.just(false);
        }
        Instant now = clock.instant();
        return sagas.findForUpdate(sagaId)
                .filter(saga -> saga.relationId().equals(reply.relationId()))
                .flatMap(saga -> DissolutionSaga.replyReceived(saga.state())
                        .map(transition -> sagas.finish(sagaId, reply.releasedFen(), reply.voidedHoldFen(), now)
                                .then(relations.find(saga.relationId()))
                                .flatMap(relation -> perform(transition,
                                        new Context(sagaId, relation, saga.reason(), reply.releasedFen(), now)))
                                .thenReturn(true))
                        .orElse(Mono.just(false)))
                .defaultIfEmpty(false);
    }

    /**
     * Re-sends ReleaseQuota for a saga whose next attempt is due: a new event id, the same command id, so the wallet
     * performs the release at most once and answers each copy with the same reply.
     *
     * @return true if a command was sent
     */
    public Mono<Boolean> retryIfDue(UUID sagaId) {
        Instant now = clock.instant();
        return sagas.findForUpdate(sagaId)
                .filter(saga -> saga.nextAttemptAt() != null && !saga.nextAttemptAt().isAfter(now))
                .flatMap(saga -> DissolutionSaga.retryDue(saga.state())
                        .map(transition -> {
                            int attempts = saga.attempts() + 1;
                            return sagas.scheduleRetry(sagaId, attempts, properties.backoff().nextAttempt(now, attempts))
                                    .then(relations.find(saga.relationId()))
                                    .flatMap(relation -> perform(transition,
                                            new Context(sagaId, relation, saga.reason(), 0, now)))
                                    .doOnSuccess(done -> resent.increment())
                                    .thenReturn(true);
                        })
                        .orElse(Mono.just(false)))
                .defaultIfEmpty(false);
    }

    private Mono<Void> perform(Transition transition, Context ctx) {
        return Flux.fromIterable(transition.effects())
                .concatMap(effect -> perform(effect, ctx))
                .then(sagas.addSteps(ctx.sagaId(), transition.steps(), ctx.now()));
    }

    private Mono<?> perform(Effect effect, Context ctx) {
        Relation r = ctx.relation();
        String sagaId = ctx.sagaId().toString();
        String reason = ctx.reason().name();
        return switch (effect) {
            case MARK_RELATION_DISSOLVING -> move(r, r.status(), RelationStatus.DISSOLVING, ctx.now());
            case PUBLISH_DISSOLVING -> outbox.append(new RelationDissolving(r.relationId(), sagaId, r.benefactorId(),
                    r.beneficiaryId(), reason, ctx.now()), r.relationId());
            // command id = saga id: the wallet's idempotency key, the same on every re-send.
            case SEND_RELEASE_QUOTA -> outbox.append(new ReleaseQuota(sagaId, sagaId, r.relationId(), r.benefactorId(),
                    r.beneficiaryId(), reason, ctx.now()), r.relationId());
            case MARK_RELATION_DISSOLVED -> move(r, RelationStatus.DISSOLVING, RelationStatus.DISSOLVED, ctx.now());
            case PUBLISH_DISSOLVED -> outbox.append(new RelationDissolved(r.relationId(), sagaId, r.benefactorId(),
                    r.beneficiaryId(), reason, ctx.releasedFen(), ctx.now()), r.relationId());
            case COMPLETE_TRANSFERS -> transfers.afterSagaFinished(ctx.sagaId());
        };
    }

    private Mono<Boolean> move(Relation relation, RelationStatus from, RelationStatus to, Instant at) {
        // The relation row is locked by the transition's trigger or belongs to a saga whose row is locked; a miss
        // here means the model is broken, and the whole transaction must roll back.
        return relations.transition(relation.relationId(), from, to, at)
                .flatMap(moved -> moved ? Mono.just(true) : Mono.error(new IllegalStateException(
                        "relation " + relation.relationId() + " was not " + from + " when moving to " + to)));
    }
}
