package cn.mutualaid.platform.messaging;

import cn.mutualaid.contracts.Envelope;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Idempotent receipt of events: the event id is recorded in the same transaction as the effect, so a redelivered
 * event (Kafka delivers at least once) changes nothing the second time.
 */
public class Inbox {
    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public Inbox(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Runs {@code effect} once per (consumer, event id), in one transaction with the inbox record.
     *
     * @return true if the effect ran now, false if this event had already been processed
     */
    public Mono<Boolean> once(String consumer, Envelope envelope, Function<Envelope, Mono<?>> effect) {
        Mono<Boolean> work = db.sql("""
                        insert into inbox (consumer, event_id, type) values (:consumer, :eventId, :type)
                        on conflict do nothing""")
                .bind("consumer", consumer)
                .bind("eventId", envelope.eventId())
                .bind("type", envelope.type())
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 1
                        ? effect.apply(envelope).then(Mono.just(true))
                        : Mono.just(false));
        return tx.transactional(work);
    }
}
