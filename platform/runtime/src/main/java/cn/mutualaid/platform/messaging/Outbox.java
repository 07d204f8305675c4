package cn.mutualaid.platform.messaging;

import cn.mutualaid.kernel.TimeOrderedUuid;
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
 * commit or neither does. The relay publishes after commit (it is nudged at once, and also polls).
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
                .then(nudgeAfterCommit())
                .thenReturn(envelope);
    }

    private Mono<Void> nudgeAfterCommit() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(tsm -> tsm.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        relay.nudge();
                        return Mono.empty();
                    }
                }))
                .onErrorResume(NoTransactionException.class, e -> Mono.fromRunnable(relay::nudge).then(Mono.empty()))
                .then();
    }
}
