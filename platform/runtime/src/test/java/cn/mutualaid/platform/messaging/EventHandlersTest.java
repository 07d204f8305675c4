package cn.mutualaid.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.PersonRegistered;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

class EventHandlersTest {
    private final List<String> effects = new ArrayList<>();
    /** Runs the effect as the real inbox does for a first delivery (the inbox itself is tested on PostgreSQL). */
    private final Inbox inbox = new Inbox(null, null) {
        @Override
        public Mono<Boolean> once(String consumer, Envelope envelope, Function<Envelope, Mono<?>> effect) {
            effects.add(consumer + ":" + envelope.type());
            return effect.apply(envelope).thenReturn(true);
        }

        @Override
        public <E> Mono<List<E>> all(String consumer, List<E> items, Function<E, Envelope> envelopeOf,
                Function<List<E>, Mono<?>> effect) {
            // As the real inbox: an id already recorded (or twice in the batch) has no effect again.
            List<E> fresh = items.stream().filter(i -> recorded.add(envelopeOf.apply(i).eventId())).toList();
            batches.add(fresh.size());
            return effect.apply(fresh).thenReturn(fresh);
        }
    };
    private final java.util.Set<UUID> recorded = new java.util.HashSet<>();
    private final List<Integer> batches = new ArrayList<>();
    private final List<Object> handled = new ArrayList<>();
    private final EventHandlers handlers = EventHandlers.of(Topics.REGISTRY_EVENTS, "test-consumer", inbox)
            .on(InsuranceEnrolled.class, e -> Mono.fromRunnable(() -> handled.add(e)));

    private static final InsuranceEnrolled ENROLLED = new InsuranceEnrolled("p1", Scheme.EMPLOYEE, "320500", "320000",
            Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void aHandledTypeRunsItsEffectOnceThroughTheInbox() {
        handlers.consumer().accept(Envelopes.toMessage(Envelope.wrap(ENROLLED, "p1")));
        assertThat(handled).containsExactly(ENROLLED);
        assertThat(effects).containsExactly("test-consumer:InsuranceEnrolled");
    }

    @Test
    void aTypeOfTheTopicThatIsNotHandledHereHasNoEffectButIsRecordedInTheInbox() {
        var registered = new PersonRegistered("p1", "M", LocalDate.of(1980, 1, 1), Instant.now());
        handlers.consumer().accept(Envelopes.toMessage(Envelope.wrap(registered, "p1")));
        assertThat(handled).isEmpty();
        // Recorded, so that a request awaiting this event (Mesh-Await) is not held up by a type no one here handles.
        assertThat(effects).containsExactly("test-consumer:PersonRegistered");
    }

    @Test
    void anUnknownNewerVersionOfAHandledTypeIsPoisonNotASilentSkip() {
        Envelope v1 = Envelope.wrap(ENROLLED, "p1");
        Envelope v2 = new Envelope(v1.eventId(), v1.type(), 2, v1.aggregateId(), v1.occurredAt(), null, v1.payload());
        assertThatThrownBy(() -> handlers.consumer().accept(Envelopes.toMessage(v2)))
                .isInstanceOfSatisfying(PoisonMessage.class,
                        p -> assertThat(p.reason()).isEqualTo(PoisonMessage.Reason.UNKNOWN_VERSION));
        assertThat(handled).isEmpty();
    }

    @Test
    void aTypeOfAnotherTopicIsPoison() {
        var command = new ReleaseQuota("c1", "s1", "r1", "p1", "p2", "TEST", Instant.now());
        assertThatThrownBy(() -> handlers.consumer().accept(Envelopes.toMessage(Envelope.wrap(command, "r1"))))
                .isInstanceOfSatisfying(PoisonMessage.class,
                        p -> assertThat(p.reason()).isEqualTo(PoisonMessage.Reason.WRONG_TOPIC));
    }

    @Test
    void aMessageReceivedOnAnotherTopicIsPoison() {
        Message<byte[]> message = MessageBuilder.fromMessage(Envelopes.toMessage(Envelope.wrap(ENROLLED, "p1")))
                .setHeader(KafkaHeaders.RECEIVED_TOPIC, Topics.WALLET_COMMANDS).build();
        assertThatThrownBy(() -> handlers.consumer().accept(message))
                .isInstanceOfSatisfying(PoisonMessage.class,
                        p -> assertThat(p.reason()).isEqualTo(PoisonMessage.Reason.WRONG_TOPIC));
        assertThat(handled).isEmpty();
    }

    @Test
    void garbageIsPoison() {
        Message<byte[]> garbage = MessageBuilder.withPayload("{not json".getBytes(StandardCharsets.UTF_8)).build();
        assertThatThrownBy(() -> handlers.consumer().accept(garbage))
                .isInstanceOfSatisfying(PoisonMessage.class,
                        p -> assertThat(p.reason()).isEqualTo(PoisonMessage.Reason.UNDECODABLE));
    }

    @Test
    void aPayloadThatDoesNotDecodeIsPoison() {
        Envelope good = Envelope.wrap(ENROLLED, "p1");
        ObjectNode payload = ((ObjectNode) good.payload()).put("since", "not a time");
        Envelope bad = new Envelope(good.eventId(), good.type(), 1, "p1", good.occurredAt(), null, payload);
        assertThatThrownBy(() -> handlers.consumer().accept(Envelopes.toMessage(bad)))
                .isInstanceOfSatisfying(PoisonMessage.class,
                        p -> assertThat(p.reason()).isEqualTo(PoisonMessage.Reason.INVALID_PAYLOAD));
        assertThat(handled).isEmpty();
    }

    @Test
    void aHandlerForAnotherTopicsTypeIsAProgrammingError() {
        assertThatThrownBy(() -> EventHandlers.of(Topics.REGISTRY_EVENTS, "x", inbox)
                .on(ReleaseQuota.class, c -> Mono.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventHandlers.of(Topics.REGISTRY_EVENTS, "x", inbox)
                .on(InsuranceEnrolled.class, c -> Mono.empty())
                .on(InsuranceEnrolled.class, c -> Mono.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Contracts.topicOf("ReleaseQuota")).isEqualTo(Topics.WALLET_COMMANDS);
    }

    @Test
    void aBatchAppliesTheRecordsBeforeAPoisonOneAndReportsThePoisonByItsIndex() {
        List<List<String>> runs = new ArrayList<>();
        var batched = EventHandlers.of(Topics.REGISTRY_EVENTS, "test-consumer", inbox)
                .onBatch(InsuranceEnrolled.class, events -> Mono.fromRunnable(
                        () -> runs.add(events.stream().map(e -> e.payload().personId()).toList())))
                .batchConsumer();
        Envelope first = Envelope.wrap(enrolled("p1"), "p1");
        var registered = new PersonRegistered("p9", "M", LocalDate.of(1980, 1, 1), Instant.now());
        List<byte[]> records = List.of(bytes(first), bytes(Envelope.wrap(enrolled("p2"), "p2")), bytes(first),
                bytes(Envelope.wrap(registered, "p9")), bytes(Envelope.wrap(enrolled("p3"), "p3")),
                "{not json".getBytes(StandardCharsets.UTF_8), bytes(Envelope.wrap(enrolled("p4"), "p4")));

        assertThatThrownBy(() -> batched.accept(MessageBuilder.withPayload(records).build()))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(5);
                    assertThat(e.getCause()).isInstanceOfSatisfying(PoisonMessage.class,
                            p -> assertThat(p.reason()).isEqualTo(PoisonMessage.Reason.UNDECODABLE));
                });
        // One inbox statement for the five records before the poison, the duplicate of p1 left out; the type not
        // handled here has no effect, so the enrolments around it are one run; nothing after the poison is applied.
        assertThat(batches).containsExactly(4);
        assertThat(runs).containsExactly(List.of("p1", "p2", "p3"));
    }

    @Test
    void aBatchConsumerHandlesASingleReplayedMessageAsTheOneAtATimeConsumerDoes() {
        var batched = EventHandlers.of(Topics.REGISTRY_EVENTS, "test-consumer", inbox)
                .on(InsuranceEnrolled.class, e -> Mono.fromRunnable(() -> handled.add(e)))
                .batchConsumer();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Message<List<byte[]>> single = (Message) Envelopes.toMessage(Envelope.wrap(ENROLLED, "p1"));
        batched.accept(single);
        assertThat(handled).containsExactly(ENROLLED);
    }

    private static InsuranceEnrolled enrolled(String person) {
        return new InsuranceEnrolled(person, Scheme.EMPLOYEE, "320500", "320000", Instant.parse("2025-01-01T00:00:00Z"));
    }

    private static byte[] bytes(Envelope envelope) {
        return Envelopes.toMessage(envelope).getPayload();
    }
}
