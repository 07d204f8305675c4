package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.messaging.OutboxProperties;
import cn.mutualaid.platform.messaging.OutboxRelay;
import cn.mutualaid.platform.messaging.OutboxSender;
import cn.mutualaid.testing.MeshTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Outbox → real Kafka → inbox in another database: each delivery guarantee the platform promises. */
@MeshTest
class OutboxInboxIT {
    @Autowired Outbox outbox;
    @Autowired OutboxRelay relay;
    @Autowired TransactionalOperator tx;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired ProbeApplication.OtherService other;
    @Autowired io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired OutboxSender sender;
    @Autowired OutboxProperties properties;

    @Test
    void anEventWrittenInACommittedTransactionArrivesOnce() {
        String person = "p-" + UUID.randomUUID();
        Envelope sent = tx.transactional(outbox.append(ProbeApplication.person(person), person)).block();

        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(person) == 1);
        assertThat(eventIdsReceivedFor(person)).isEqualTo(sent.eventId().toString());
        assertThat(unsent()).isZero();
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String rolledBack = "rb-" + UUID.randomUUID();
        String marker = "mk-" + UUID.randomUUID();
        Mono<Envelope> failing = outbox.append(ProbeApplication.person(rolledBack), rolledBack)
                .then(Mono.error(new IllegalStateException("business rule failed after the append")));
        StepVerifier.create(tx.transactional(failing)).expectError(IllegalStateException.class).verify();

        tx.transactional(outbox.append(ProbeApplication.person(marker), marker)).block();
        // Same key order is not promised across keys, but the relay publishes in id order on one pass; once the
        // later marker is in, the rolled-back row (had it existed) would have been published before it.
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(marker) == 1);
        assertThat(receivedFor(rolledBack)).isZero();
        assertThat(db.sql("select count(*) from outbox where aggregate_id = :a").bind("a", rolledBack)
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void theSameEventDeliveredTwiceHasOneEffect() {
        String person = "dup-" + UUID.randomUUID();
        Envelope envelope = Envelope.wrap(ProbeApplication.person(person), person);
        for (int i = 0; i < 2; i++) {
            bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(envelope));
        }
        String marker = "mk-" + UUID.randomUUID();
        tx.transactional(outbox.append(ProbeApplication.person(marker), person)).block();

        // The marker shares the key, so it is behind both copies on the same partition.
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(marker) == 1);
        assertThat(receivedFor(person)).isEqualTo(1);
        assertThat(other.db.sql("select count(*) from inbox where event_id = :e").bind("e", envelope.eventId())
                .map(r -> r.get(0, Long.class)).one().block()).isEqualTo(1);
    }

    @Test
    void aRelayStoppedAfterTheWritePublishesWhenItStartsAgain() {
        relay.stop();
        String person = "late-" + UUID.randomUUID();
        try {
            tx.transactional(outbox.append(ProbeApplication.person(person), person)).block();
            assertThat(db.sql("select count(*) from outbox where aggregate_id = :a and sent_at is null")
                    .bind("a", person).map(r -> r.get(0, Long.class)).one().block()).isEqualTo(1);
        } finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(person) == 1);
    }

    @Test
    void aRowTheBrokerRefusesForGoodIsParkedAndTheRowsAfterItFlow() {
        String big = "big-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        // Larger than any record the producer or the topic takes (1 MB by default): no retry can ever send it.
        Envelope huge = Envelope.wrap(ProbeApplication.person(big + "x".repeat(2_000_000)), big);
        db.sql("insert into outbox (event_id, topic, aggregate_id, type, envelope) values (:e, :t, :a, :type, :env)")
                .bind("e", huge.eventId()).bind("t", Topics.REGISTRY_EVENTS).bind("a", big).bind("type", huge.type())
                .bind("env", cn.mutualaid.contracts.Contracts.mapper().writeValueAsString(huge))
                .fetch().rowsUpdated().block();
        tx.transactional(outbox.append(ProbeApplication.person(after), after)).block();

        await().atMost(Duration.ofSeconds(60)).until(() -> receivedFor(after) == 1);
        var row = db.sql("select sent_at, parked_at, park_reason from outbox where aggregate_id = :a").bind("a", big)
                .fetch().one().block();
        assertThat(row.get("sent_at")).isNull();
        assertThat(row.get("parked_at")).isNotNull();
        assertThat((String) row.get("park_reason")).startsWith("RecordTooLargeException");
        assertThat(meters.counter("mesh.outbox.parked", "topic", Topics.REGISTRY_EVENTS).count()).isGreaterThanOrEqualTo(1);
        assertThat(unsent()).as("nothing waits behind the parked row").isZero();
    }

    @Test
    void aBatchWithOneUnacknowledgedSendMarksOnlyTheRowsAcknowledgedBeforeIt() {
        relay.stop();
        String first = "first-" + UUID.randomUUID();
        String lost = "lost-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        try {
            for (String person : List.of(first, lost, after)) {
                tx.transactional(outbox.append(ProbeApplication.person(person), person)).block();
            }
            // The real producer sends all three; the acknowledgement of the middle one is taken away, as if it never came.
            OutboxSender losingOneAck = rows -> {
                List<Throwable> outcomes = new ArrayList<>(sender.send(rows));
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i).aggregateId().equals(lost)) {
                        outcomes.set(i, new TimeoutException("no acknowledgement from the broker"));
                    }
                }
                return outcomes;
            };
            OutboxRelay failing = new OutboxRelay(db, tx, losingOneAck, properties, meters);
            assertThat(failing.relayOnce().block()).isZero();
            assertThat(sentAt(first)).as("acknowledged before the failure").isNotNull();
            assertThat(sentAt(lost)).as("never acknowledged").isNull();
            assertThat(sentAt(after)).as("acknowledged, but after the failure: sent again with it, in order").isNull();

            OutboxRelay healthy = new OutboxRelay(db, tx, sender, properties, meters);
            assertThat(healthy.relayOnce().block()).isGreaterThanOrEqualTo(2);
            assertThat(sentAt(lost)).isNotNull();
            assertThat(sentAt(after)).isNotNull();
        } finally {
            relay.start();
        }
        // The rows sent twice have one effect each: markers on the same keys queue behind both copies.
        String lostMarker = "mk-" + UUID.randomUUID();
        String afterMarker = "mk-" + UUID.randomUUID();
        tx.transactional(outbox.append(ProbeApplication.person(lostMarker), lost)
                .then(outbox.append(ProbeApplication.person(afterMarker), after))).block();
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(lostMarker) == 1 && receivedFor(afterMarker) == 1);
        assertThat(receivedFor(first)).isEqualTo(1);
        assertThat(receivedFor(lost)).isEqualTo(1);
        assertThat(receivedFor(after)).isEqualTo(1);
    }

    private Object sentAt(String aggregate) {
        return db.sql("select sent_at from outbox where aggregate_id = :a").bind("a", aggregate).fetch().one().block()
                .get("sent_at");
    }

    private long receivedFor(String person) {
        return other.db.sql("select count(*) from received where person_id = :p").bind("p", person)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private String eventIdsReceivedFor(String person) {
        return other.db.sql("select string_agg(event_id::text, ',') from received where person_id = :p")
                .bind("p", person).map(r -> r.get(0, String.class)).one().block();
    }

    private long unsent() {
        return db.sql("select count(*) from outbox where sent_at is null and parked_at is null").map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void sentOutboxRowsAndInboxRecordsArePurgedAfterTheirRetentionAndNothingElse() {
        UUID oldSent = UUID.randomUUID(), oldUnsent = UUID.randomUUID(), recentSent = UUID.randomUUID();
        UUID oldSeen = UUID.randomUUID(), recentSeen = UUID.randomUUID();
        // The relay's unsent rows must not go out to Kafka in this test: parked is "neither sent nor to send".
        insertOutbox(oldSent, "now() - interval '30 days'", "now() - interval '29 days'", null);
        insertOutbox(oldUnsent, "now() - interval '30 days'", "null", "now()");
        insertOutbox(recentSent, "now() - interval '2 hours'", "now() - interval '1 hour'", null);
        insertInbox(oldSeen, "now() - interval '9 days'");
        insertInbox(recentSeen, "now() - interval '7 days'");

        assertThat(purge.purgeOnce().block()).isGreaterThanOrEqualTo(2);

        assertThat(outboxIds()).doesNotContain(oldSent).contains(oldUnsent, recentSent);
        assertThat(inboxIds()).doesNotContain(oldSeen).contains(recentSeen);
        // A second instance's pass at the same time finds nothing more to do and fails nothing.
        assertThat(purge.purgeOnce().block()).isZero();
    }

    @Autowired cn.mutualaid.platform.messaging.MessagingPurge purge;

    private void insertOutbox(UUID id, String created, String sent, String parked) {
        db.sql("insert into outbox (event_id, topic, aggregate_id, type, envelope, created_at, sent_at, parked_at)"
                + " values (:id, 'purge.test', 'k', 'T', '{}', " + created + ", " + sent + ", " + parked + ")")
                .bind("id", id).fetch().rowsUpdated().block();
    }

    private void insertInbox(UUID id, String processed) {
        db.sql("insert into inbox (consumer, event_id, type, processed_at) values ('purge-test', :id, 'T', "
                + processed + ")").bind("id", id).fetch().rowsUpdated().block();
    }

    private java.util.List<UUID> outboxIds() {
        return db.sql("select event_id from outbox where topic = 'purge.test'").map(r -> r.get(0, UUID.class)).all()
                .collectList().block();
    }

    private java.util.List<UUID> inboxIds() {
        return db.sql("select event_id from inbox where consumer = 'purge-test'").map(r -> r.get(0, UUID.class)).all()
                .collectList().block();
    }
}
