package cn.mutualaid.platform.messaging;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.platform.consistency.ConsistencyToken;
import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import java.time.Clock;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Appends a contract record to the outbox table. Call it inside the transaction that makes the state change: both
 * commit or neither does. The relay publishes after commit (it is nudged at once, and also polls). Within a web
 * request, each committed event's id is reported to {@link ConsistencyToken}, which answers it in a header.
 */
public class Outbox {
    private final DatabaseClient db;
    private final OutboxRelay relay;
    private final Clock clock;
    private final TraceparentSource traceparent;

    public Outbox(DatabaseClient db, OutboxRelay relay, Clock clock, TraceparentSource traceparent) {
        this.db = db;
        this.relay = relay;
        this.clock = clock;
        this.traceparent = traceparent;
    }

    /** @param aggregateId the Kafka key: events of one aggregate stay in order. Never a citizen ID number. */
    public Mono<Envelope> append(Object payload, String aggregateId) {
        return append(TimeOrderedUuid.next(), payload, aggregateId);
    }

    /** With a caller-chosen event id, so that a retried step cannot publish twice (the id is unique). */
    public Mono<Envelope> append(UUID eventId, Object payload, String aggregateId) {
        Envelope envelope = Envelope.wrap(eventId, payload, aggregateId, clock.instant(), traceparent.current());
        String topic = Contracts.contractOf(payload.getClass()).topic();
        return db.sql("""
                        insert into outbox (event_id, topic, aggregate_id, type, envelope)
                        values (:eventId, :topic, :aggregateId, :type, :envelope)
                        on conflict (event_id) do nothing""")
                .bind("eventId", envelope.eventId())
                .bind("topic", topic)
                .bind("aggregateId", aggregateId)
                .bind("type", envelope.type())
                .bind("envelope", Contracts.mapper().writeValueAsString(envelope))
                .fetch().rowsUpdated()
                .then(Mono.deferContextual(context -> afterCommit(() -> {
                    relay.nudge();
                    ConsistencyToken.of(context).ifPresent(written -> written.add(topic, envelope.eventId()));
                })))
                .thenReturn(envelope);
    }

    /**
     * An outbox row for a caller that inserts it in a statement of its own (a database function doing a whole change
     * in one call): the same envelope {@link #append} writes. Once that statement has committed, call
     * {@link #written}.
     */
    public record Row(UUID eventId, String topic, String aggregateId, String type, String envelope) {
    }

    public Row row(Object payload, String aggregateId) {
        Envelope envelope = Envelope.wrap(TimeOrderedUuid.next(), payload, aggregateId, clock.instant(),
                traceparent.current());
        return new Row(envelope.eventId(), Contracts.contractOf(payload.getClass()).topic(), aggregateId,
                envelope.type(), Contracts.mapper().writeValueAsString(envelope));
    }

    /** What {@link #append} does after commit, for a {@link Row} the caller's own committed statement inserted. */
    public Mono<Void> written(Row row) {
        return Mono.deferContextual(context -> afterCommit(() -> {
            relay.nudge();
            ConsistencyToken.of(context).ifPresent(written -> written.add(row.topic(), row.eventId()));
        }));
    }

    /** Runs {@code action} once the current transaction has committed, or at once outside a transaction. */
    private static Mono<Void> afterCommit(Runnable action) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(tsm -> tsm.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        action.run();
                        return Mono.empty();
                    }
                }))
                .onErrorResume(NoTransactionException.class, e -> Mono.fromRunnable(action).then(Mono.empty()))
                .then();
    }
}
