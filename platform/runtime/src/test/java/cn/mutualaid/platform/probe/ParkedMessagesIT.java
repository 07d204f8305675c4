package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.platform.messaging.parked.Parking;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.testing.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.MediaType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The consumers' failure policy on a real broker and database: poison is parked at once with its reason (row,
 * dead-letter topic, metric), an outage is waited out however long it lasts, and ADMIN replays or discards what was
 * parked, the effect happening once.
 */
@MeshTest
class ParkedMessagesIT {
    private static final String BASE = "/api/v1/parked-messages/platform-probe";

    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;
    @Autowired ProbeApplication.OtherService other;
    @Autowired WebTestClient web;
    @Autowired MeterRegistry meters;

    @Test
    void garbageIsParkedAtOnceInTheDeadLetterTopicWithItsReason() {
        String marker = "garbage-" + UUID.randomUUID();
        bridge.send(Topics.REGISTRY_EVENTS, MessageBuilder.withPayload(("{not an envelope " + marker)
                .getBytes(StandardCharsets.UTF_8)).build());

        String kept = "convert_from(message_value, 'UTF8') like '%" + marker + "%'";
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedWhere(kept) != null);
        Map<String, Object> row = parkedWhere(kept);
        assertThat(row).containsEntry("reason", "UNDECODABLE").containsEntry("status", "PARKED")
                .containsEntry("topic", Topics.REGISTRY_EVENTS).containsEntry("consumer_group", "platform-probe")
                .containsEntry("binding", "probeConsumer-in-0");
        ConsumerRecord<byte[], byte[]> dead = deadLetterContaining(marker);
        assertThat(new String(dead.headers().lastHeader(Parking.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("UNDECODABLE");
        assertThat(meters.counter("mesh.consumer.parked", "topic", Topics.REGISTRY_EVENTS, "reason", "UNDECODABLE")
                .count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFailureThatIsNotPoisonIsRetriedUntilItPassesAndNeverParked() throws Exception {
        String person = "outage-" + UUID.randomUUID();
        // The consumer's database loses the table it writes to: every attempt fails, as in an outage.
        other.db.sql("alter table received rename to received_away").fetch().rowsUpdated().block();
        try {
            bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(Envelope.wrap(ProbeApplication.person(person), person)));
            // Longer than the binder's old budget (12 attempts at most 1 s apart in tests) would have allowed.
            Thread.sleep(15_000);
            assertThat(other.db.sql("select count(*) from received_away where person_id = :p").bind("p", person)
                    .map(r -> r.get(0, Long.class)).one().block()).isZero();
        } finally {
            other.db.sql("alter table received_away rename to received").fetch().rowsUpdated().block();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(person) == 1);
        assertThat(parkedWhere("convert_from(message_value, 'UTF8') like '%" + person + "%'")).isNull();
    }

    @Test
    void aParkedMessageReplayedAfterTheFixTakesEffectOnce() {
        String person = "replay-" + UUID.randomUUID();
        other.refused.add(person);
        Envelope envelope = Envelope.wrap(ProbeApplication.person(person), person);
        bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(envelope));
        long id = awaitParked(envelope);
        assertThat(receivedFor(person)).isZero();

        // Before the fix a replay finds it still poison: it stays parked, nothing happens.
        replay(id).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("STILL_PARKED");
        assertThat(receivedFor(person)).isZero();

        other.refused.remove(person);
        replay(id).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("REPLAYED");
        replay(id).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("PARKED_MESSAGE_RESOLVED");
        // The broker delivers the same event again later: the inbox keeps the effect once.
        bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(envelope));
        String marker = "after-" + UUID.randomUUID();
        bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(Envelope.wrap(ProbeApplication.person(marker), person)));
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(marker) == 1);
        assertThat(receivedFor(person)).isEqualTo(1);
        assertThat(auditEntries(id, "parked-message.replay")).isEqualTo(1);
        web.get().uri(BASE + "/" + id).headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REPLAYED")
                .jsonPath("$.resolvedBy").isEqualTo("admin");
    }

    @Test
    void replayAllTakesEveryParkedMessageAndDiscardNeedsAReason() {
        String first = "all-" + UUID.randomUUID();
        String second = "all-" + UUID.randomUUID();
        String dropped = "drop-" + UUID.randomUUID();
        List.of(first, second, dropped).forEach(other.refused::add);
        Envelope a = Envelope.wrap(ProbeApplication.person(first), first);
        Envelope b = Envelope.wrap(ProbeApplication.person(second), second);
        Envelope c = Envelope.wrap(ProbeApplication.person(dropped), dropped);
        List.of(a, b, c).forEach(e -> bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(e)));
        long idA = awaitParked(a);
        long idB = awaitParked(b);
        long idC = awaitParked(c);
        web.get().uri(BASE).headers(h -> h.setBearerAuth(TestJwt.admin())).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.id == " + idA + ")].reason").isEqualTo("INVALID_PAYLOAD");

        web.post().uri(BASE + "/" + idC + "/discard").headers(h -> h.setBearerAuth(TestJwt.admin()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\" \"}").exchange()
                .expectStatus().is4xxClientError();
        web.post().uri(BASE + "/" + idC + "/discard").headers(h -> h.setBearerAuth(TestJwt.admin()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"test data sent by mistake\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DISCARDED")
                .jsonPath("$.resolution").isEqualTo("test data sent by mistake");
        assertThat(auditEntries(idC, "parked-message.discard")).isEqualTo(1);

        other.refused.removeAll(List.of(first, second, dropped));
        web.post().uri(BASE + "/replay-all").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == " + idA + ")].outcome").isEqualTo("REPLAYED")
                .jsonPath("$[?(@.id == " + idB + ")].outcome").isEqualTo("REPLAYED")
                .jsonPath("$[?(@.id == " + idC + ")]").isEmpty();
        assertThat(receivedFor(first)).isEqualTo(1);
        assertThat(receivedFor(second)).isEqualTo(1);
        assertThat(receivedFor(dropped)).as("a discarded message is not replayed").isZero();
        assertThat(statusOf(idA)).isEqualTo("REPLAYED");
        assertThat(statusOf(idB)).isEqualTo("REPLAYED");
        assertThat(statusOf(idC)).isEqualTo("DISCARDED");
    }

    @Test
    void onlyAnAdminOfThisServiceMayTouchParkedMessages() {
        web.get().uri(BASE).headers(h -> h.setBearerAuth(TestJwt.agency("320500"))).exchange()
                .expectStatus().isForbidden();
        web.post().uri(BASE + "/replay-all").headers(h -> h.setBearerAuth(TestJwt.clearing())).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/api/v1/parked-messages/wallet").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isNotFound();
        web.post().uri(BASE + "/999999999/replay").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    private WebTestClient.ResponseSpec replay(long id) {
        return web.post().uri(BASE + "/" + id + "/replay").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange();
    }

    private long awaitParked(Envelope envelope) {
        String where = "event_id = '" + envelope.eventId() + "'";
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedWhere(where) != null);
        return ((Number) parkedWhere(where).get("id")).longValue();
    }

    private Map<String, Object> parkedWhere(String condition) {
        return db.sql("select id, binding, consumer_group, topic, reason, detail, status from parked_message where "
                + condition).fetch().first().block();
    }

    private String statusOf(long id) {
        return db.sql("select status from parked_message where id = :id").bind("id", id)
                .map(r -> r.get(0, String.class)).one().block();
    }

    private long receivedFor(String person) {
        return other.db.sql("select count(*) from received where person_id = :p").bind("p", person)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private long auditEntries(long id, String action) {
        return db.sql("select count(*) from audit_log where target_type = 'parked_message' and target_id = :id "
                        + "and action = :action and actor = 'admin'")
                .bind("id", String.valueOf(id)).bind("action", action).map(r -> r.get(0, Long.class)).one().block();
    }

    private static ConsumerRecord<byte[], byte[]> deadLetterContaining(String marker) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Parking.deadLetterTopic(Topics.REGISTRY_EVENTS, "platform-probe")));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter containing " + marker);
    }
}
