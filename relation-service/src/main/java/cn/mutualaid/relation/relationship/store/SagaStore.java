package cn.mutualaid.relation.relationship.store;

import cn.mutualaid.relation.relationship.domain.DissolutionReason;
import cn.mutualaid.relation.relationship.domain.DissolutionSaga;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Saga rows and their step history. */
@Component
public record SagaStore(DatabaseClient db) {
    private static final String COLUMNS = """
            saga_id, relation_id, reason, state, attempts, next_attempt_at, released_fen, voided_hold_fen,
            started_at, finished_at""";

    /** A saga as stored. {@code nextAttemptAt} is null once it no longer waits; amounts are null until the reply. */
    public record SagaRow(UUID sagaId, String relationId, DissolutionReason reason, DissolutionSaga.State state,
            int attempts, Instant nextAttemptAt, Long releasedFen, Long voidedHoldFen, Instant startedAt,
            Instant finishedAt) {
    }

    public record StepRow(DissolutionSaga.Step step, Instant at) {
    }

    public Mono<Void> insert(SagaRow saga) {
        var spec = db.sql("insert into dissolution_saga (" + COLUMNS + """
                        ) values (:id, :relation, :reason, :state, :attempts, :next, :released, :voided, :started,
                                  :finished)""")
                .bind("id", saga.sagaId()).bind("relation", saga.relationId()).bind("reason", saga.reason().name())
                .bind("state", saga.state().name()).bind("attempts", saga.attempts())
                .bind("started", saga.startedAt());
        spec = saga.nextAttemptAt() == null ? spec.bindNull("next", Instant.class) : spec.bind("next", saga.nextAttemptAt());
        spec = saga.releasedFen() == null ? spec.bindNull("released", Long.class) : spec.bind("released", saga.releasedFen());
        spec = saga.voidedHoldFen() == null ? spec.bindNull("voided", Long.class) : spec.bind("voided", saga.voidedHoldFen());
        spec = saga.finishedAt() == null ? spec.bindNull("finished", Instant.class) : spec.bind("finished", saga.finishedAt());
        return spec.fetch().rowsUpdated().then();
    }

    /** Locks the saga row: transitions of one saga (a reply, a re-send) run one after the other. */
    public Mono<SagaRow> findForUpdate(UUID sagaId) {
        return db.sql("select " + COLUMNS + " from dissolution_saga where saga_id = :id for update")
                .bind("id", sagaId).map(SagaStore::read).one();
    }

    public Mono<SagaRow> findByRelation(String relationId) {
        return db.sql("select " + COLUMNS + " from dissolution_saga where relation_id = :r")
                .bind("r", relationId).map(SagaStore::read).one();
    }

    public Mono<Void> scheduleRetry(UUID sagaId, int attempts, Instant nextAttemptAt) {
        return db.sql("update dissolution_saga set attempts = :attempts, next_attempt_at = :next where saga_id = :id")
                .bind("id", sagaId).bind("attempts", attempts).bind("next", nextAttemptAt)
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> finish(UUID sagaId, long releasedFen, long voidedHoldFen, Instant at) {
        return db.sql("""
                        update dissolution_saga set state = 'DISSOLVED', released_fen = :released, voided_hold_fen = :voided,
                               finished_at = :at, next_attempt_at = null
                         where saga_id = :id""")
                .bind("id", sagaId).bind("released", releasedFen).bind("voided", voidedHoldFen).bind("at", at)
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> addSteps(UUID sagaId, List<DissolutionSaga.Step> steps, Instant at) {
        return Flux.fromIterable(steps)
                .concatMap(step -> db.sql("insert into saga_step (saga_id, step, at) values (:id, :step, :at)")
                        .bind("id", sagaId).bind("step", step.name()).bind("at", at)
                        .fetch().rowsUpdated())
                .then();
    }

    public Mono<List<StepRow>> steps(UUID sagaId) {
        return db.sql("select step, at from saga_step where saga_id = :id order by id")
                .bind("id", sagaId)
                .map(row -> new StepRow(DissolutionSaga.Step.valueOf(row.get("step", String.class)),
                        row.get("at", Instant.class)))
                .all().collectList();
    }

    /** Sagas whose next ReleaseQuota send is due, oldest due first. */
    public Flux<UUID> dueForRetry(Instant now, int limit) {
        return db.sql("""
                        select saga_id from dissolution_saga
                         where state = 'STARTED' and next_attempt_at <= :now
                         order by next_attempt_at limit :limit""")
                .bind("now", now).bind("limit", limit)
                .map(row -> row.get("saga_id", UUID.class)).all();
    }

    /** Sagas still waiting for the wallet that started before {@code startedBefore}. */
    public Mono<Long> countWaitingSince(Instant startedBefore) {
        return db.sql("select count(*) as n from dissolution_saga where state = 'STARTED' and started_at < :before")
                .bind("before", startedBefore).map(row -> row.get("n", Long.class)).one();
    }

    private static SagaRow read(Readable row) {
        Integer attempts = row.get("attempts", Integer.class);
        return new SagaRow(row.get("saga_id", UUID.class), row.get("relation_id", String.class),
                DissolutionReason.valueOf(row.get("reason", String.class)),
                DissolutionSaga.State.valueOf(row.get("state", String.class)), attempts == null ? 0 : attempts,
                row.get("next_attempt_at", Instant.class), row.get("released_fen", Long.class),
                row.get("voided_hold_fen", Long.class), row.get("started_at", Instant.class),
                row.get("finished_at", Instant.class));
    }
}
