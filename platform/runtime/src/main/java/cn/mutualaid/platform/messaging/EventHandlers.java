package cn.mutualaid.platform.messaging;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.platform.observability.ConsumedTrace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

/**
 * The one way a service consumes a topic: envelope type → typed handler, each effect once per event id through the
 * {@link Inbox}, in one transaction with its inbox record. Every consumer of the mesh is built with it:
 *
 * <pre>{@code
 * return EventHandlers.of(Topics.WALLET_EVENTS, "settlement-service", inbox)
 *         .on(PaymentCaptured.class, (envelope, captured) -> lines.captured(envelope.eventId(), captured))
 *         .on(WalletMonthTotals.class, reconciliation::walletTotals)
 *         .consumer();
 * }</pre>
 *
 * <p>What it decides for every consumer alike: a message that cannot be read, a type that belongs to another topic,
 * a version of a handled type that this consumer does not know, or a payload that does not decode is a
 * {@link PoisonMessage} (parked with its reason, never retried as it is). A type this consumer does not handle has
 * no effect (topics carry several types and each consumer takes the ones it needs), but its id is recorded in the
 * inbox all the same: the inbox is then the list of every event this service has seen on its topics, which is what a
 * request carrying {@code Mesh-Await} waits for (a client cannot know which service ignores which type). That costs
 * one inbox row and one short transaction per ignored message. Any other failure (the database down, say)
 * propagates, so that the binder retries the message.
 *
 * <p>A consumer that receives a poll's records at once ({@code consumer.batch-mode: true} on its binding) uses
 * {@link #batchConsumer()} instead, and may register effects that take many events of a type at once
 * ({@link #onBatch}): see {@link EventBatch}.
 */
public final class EventHandlers {
    private static final Logger log = LoggerFactory.getLogger(EventHandlers.class);
    static final java.time.Duration EFFECT_TIMEOUT = java.time.Duration.ofMinutes(2);

    private final String topic;
    private final String consumerName;
    private final Inbox inbox;
    /** By wire type, then by version: a handled type's unknown version is poison, not a silent skip. */
    private final Map<String, Map<Integer, Handler<?>>> handlers = new LinkedHashMap<>();

    private EventHandlers(String topic, String consumerName, Inbox inbox) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.consumerName = Objects.requireNonNull(consumerName, "consumerName");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
    }

    /**
     * @param topic the topic the binding reads (its types are checked against it)
     * @param consumerName the inbox name: one per consumer group and topic, stable across releases
     */
    public static EventHandlers of(String topic, String consumerName, Inbox inbox) {
        return new EventHandlers(topic, consumerName, inbox);
    }

    /** Handles a contract with its payload only. */
    public <T> EventHandlers on(Class<T> contract, Function<T, Mono<?>> effect) {
        return on(contract, (envelope, payload) -> effect.apply(payload));
    }

    /** Handles a contract with its envelope (event id, time, aggregate id) and payload. */
    public <T> EventHandlers on(Class<T> contract, BiFunction<Envelope, T, Mono<?>> effect) {
        Objects.requireNonNull(effect, "effect");
        return register(contract, events -> reactor.core.publisher.Flux.fromIterable(events)
                .concatMap(e -> effect.apply(e.envelope(), e.payload())).then(), false);
    }

    /**
     * Handles a contract many events at a time: in a batch consumer, {@code effect} gets each run of consecutive fresh
     * events of this type in one call (one multi-row statement instead of one per event), inside the batch's
     * transaction with their inbox records; in a one-at-a-time consumer, a list of one.
     */
    public <T> EventHandlers onBatch(Class<T> contract, Function<List<Received<T>>, Mono<?>> effect) {
        return register(contract, Objects.requireNonNull(effect, "effect"), true);
    }

    private <T> EventHandlers register(Class<T> contract, Function<List<Received<T>>, Mono<?>> effect,
            boolean batched) {
        Contract c = Contracts.contractOf(contract);
        if (!c.topic().equals(topic)) {
            throw new IllegalArgumentException(c.type() + " travels on " + c.topic() + ", not on " + topic);
        }
        Handler<?> previous = handlers.computeIfAbsent(c.type(), t -> new LinkedHashMap<>())
                .putIfAbsent(c.version(), new Handler<>(contract, effect, batched));
        if (previous != null) {
            throw new IllegalArgumentException(c.type() + " v" + c.version() + " is handled twice");
        }
        return this;
    }

    /**
     * The Spring Cloud Stream consumer function of the binding. Blocks: binder threads are not event-loop threads.
     * An effect that hangs (a database that stopped answering) is given up after {@link #EFFECT_TIMEOUT}, which rolls
     * its transaction back and retries the message, well before Kafka's max.poll.interval.ms (5 min) would take the
     * partitions away.
     */
    public Consumer<Message<byte[]>> consumer() {
        return message -> ConsumedTrace.run(message, topic, () -> handle(message).block(EFFECT_TIMEOUT));
    }

    /**
     * The Spring Cloud Stream consumer function of a binding in batch mode: a poll's records in one transaction, see
     * {@link EventBatch}. A single message (a parked one replayed by ADMIN) is handled as by {@link #consumer()}. The
     * binding needs {@code consumer.use-native-decoding: true}: without it the records go through the message
     * converters, which drop an envelope they cannot turn into byte[]; a batch that lost records on the way is refused
     * (and so retried, never committed) rather than half applied.
     */
    public Consumer<Message<List<byte[]>>> batchConsumer() {
        EventBatch batch = new EventBatch(this, inbox, consumerName);
        return message -> {
            Object payload = message.getPayload();
            if (payload instanceof List<?> records) {
                if (!records.isEmpty()) {
                    ConsumedTrace.runBatch(records, topic, () -> batch.handle(message, records).block(EFFECT_TIMEOUT));
                }
            } else {
                ConsumedTrace.run(message, topic, () -> handle(message).block(EFFECT_TIMEOUT));
            }
        };
    }

    /**
     * The effect of one message through the inbox (no effect for a type not handled here). Throws PoisonMessage for
     * what can never work.
     */
    Mono<Boolean> handle(Message<?> message) {
        Decoded<?> decoded = decode(message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC), message);
        return inbox.once(consumerName, decoded.envelope(), e -> decoded.apply());
    }

    /**
     * Checks and decodes one record, before any database work: its topic, envelope, type, version and payload.
     * Throws PoisonMessage for what can never work; a type not handled here decodes with no handler.
     */
    Decoded<?> decode(Object receivedTopic, Message<?> message) {
        if (receivedTopic != null && !topic.equals(receivedTopic.toString())) {
            throw new PoisonMessage(PoisonMessage.Reason.WRONG_TOPIC,
                    "consumer " + consumerName + " reads " + topic + ", the message came on " + receivedTopic, null);
        }
        Envelope envelope = read(message);
        Map<Integer, Handler<?>> versions = handlers.get(envelope.type());
        if (versions == null) {
            if (Contracts.isKnownType(envelope.type()) && !Contracts.topicOf(envelope.type()).equals(topic)) {
                throw new PoisonMessage(PoisonMessage.Reason.WRONG_TOPIC,
                        envelope.type() + " does not travel on " + topic, null);
            }
            log.debug("{} records {} v{} without effect (not handled here)", consumerName, envelope.type(),
                    envelope.version());
            return new Decoded<>(envelope, null, null);
        }
        Handler<?> handler = versions.get(envelope.version());
        if (handler == null) {
            throw new PoisonMessage(PoisonMessage.Reason.UNKNOWN_VERSION, consumerName + " knows " + envelope.type()
                    + " in versions " + versions.keySet() + ", not v" + envelope.version(), null);
        }
        return handler.decode(envelope);
    }

    private static Envelope read(Message<?> message) {
        try {
            return Envelopes.read(message);
        } catch (RuntimeException e) {
            throw new PoisonMessage(PoisonMessage.Reason.UNDECODABLE, "not an envelope: " + e.getMessage(), e);
        }
    }

    /** A contract's effect, always over a list (a one-at-a-time handler walks it); batched if it takes a run. */
    record Handler<T>(Class<T> contract, Function<List<Received<T>>, Mono<?>> effect, boolean batched) {
        Decoded<T> decode(Envelope envelope) {
            try {
                return new Decoded<>(envelope, envelope.payloadAs(contract), this);
            } catch (RuntimeException e) {
                throw new PoisonMessage(PoisonMessage.Reason.INVALID_PAYLOAD,
                        envelope.type() + " v" + envelope.version() + " " + envelope.eventId() + ": " + e.getMessage(), e);
            }
        }

        /** The effect of a run of this handler's events (each decoded by this handler). */
        @SuppressWarnings("unchecked")
        Mono<?> apply(List<Decoded<?>> run) {
            return effect.apply(run.stream().map(d -> new Received<>(d.envelope(), (T) d.payload())).toList());
        }
    }

    /** A record that passed every check: its envelope, payload and handler (both null: a type not handled here). */
    record Decoded<T>(Envelope envelope, T payload, Handler<T> handler) {
        Mono<?> apply() {
            return handler == null ? Mono.empty() : handler.apply(List.of(this));
        }
    }
}
