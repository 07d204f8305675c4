package cn.mutualaid.platform.messaging;

import cn.mutualaid.contracts.Envelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

    /**
     * Runs {@code effect} over the events of {@code items} not processed before, in one transaction with their inbox
     * records, written by one multi-row statement. An event id seen before, or a second time in {@code items}, is
     * left out.
     *
     * @return the items whose effect ran now, in their order
     */
    public <E> Mono<List<E>> all(String consumer, List<E> items, Function<E, Envelope> envelopeOf,
            Function<List<E>, Mono<?>> effect) {
        List<E> distinct = new ArrayList<>(items.size());
        Set<UUID> ids = new HashSet<>();
        for (E item : items) {
            if (ids.add(envelopeOf.apply(item).eventId())) {
                distinct.add(item);
            }
        }
        Mono<List<E>> work = db.sql("""
                        insert into inbox (consumer, event_id, type)
                        select :consumer, e.id, e.type from unnest(:ids::uuid[], :types::text[]) as e(id, type)
                        on conflict do nothing returning event_id""")
                .bind("consumer", consumer)
                .bind("ids", distinct.stream().map(i -> envelopeOf.apply(i).eventId()).toArray(UUID[]::new))
                .bind("types", distinct.stream().map(i -> envelopeOf.apply(i).type()).toArray(String[]::new))
                .map(row -> row.get("event_id", UUID.class))
                .all()
                .collect(java.util.stream.Collectors.toSet())
                .flatMap(inserted -> {
                    List<E> fresh = distinct.stream().filter(i -> inserted.contains(envelopeOf.apply(i).eventId()))
                            .toList();
                    return fresh.isEmpty() ? Mono.just(fresh) : effect.apply(fresh).then(Mono.just(fresh));
                });
        return tx.transactional(work);
    }
}
