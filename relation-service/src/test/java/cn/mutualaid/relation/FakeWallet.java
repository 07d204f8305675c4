package cn.mutualaid.relation;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test-only stand-in for the wallet's side of the saga, on the real broker: reads wallet.commands and answers each
 * ReleaseQuota (every copy, as the real wallet does) with a ReleaseQuotaReply carrying the amount a test chose, unless
 * the test holds the relation's replies back. One per test JVM.
 */
public final class FakeWallet {
    private static volatile FakeWallet instance;

    private final Map<String, Long> releaseFen = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<Envelope> commands = new CopyOnWriteArrayList<>();
    private final List<ReleaseQuotaReply> replies = new CopyOnWriteArrayList<>();
    private final KafkaProducer<String, byte[]> producer;

    private FakeWallet() {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(producerProps);
        Thread poller = new Thread(this::poll, "fake-wallet");
        poller.setDaemon(true);
        poller.start();
    }

    public static FakeWallet get() {
        if (instance == null) {
            synchronized (FakeWallet.class) {
                if (instance == null) {
                    instance = new FakeWallet();
                }
            }
        }
        return instance;
    }

    /** The amount the wallet reports released for a relation (0 unless set). */
    public void willRelease(String relationId, long fen) {
        releaseFen.put(relationId, fen);
    }

    /** Receive but do not answer this relation's commands, as if the wallet were down. */
    public void hold(String relationId) {
        held.add(relationId);
    }

    /** Answer again from the next command on. */
    public void resume(String relationId) {
        held.remove(relationId);
    }

    public List<Envelope> releaseCommandsFor(String relationId) {
        return commands.stream().filter(e -> e.is(ReleaseQuota.class) && e.aggregateId().equals(relationId)).toList();
    }

    public List<MoveAccount> moveCommandsFor(String personId) {
        return commands.stream().filter(e -> e.is(MoveAccount.class)).map(e -> e.payloadAs(MoveAccount.class))
                .filter(m -> m.personId().equals(personId)).toList();
    }

    public List<ReleaseQuotaReply> repliesFor(String relationId) {
        return replies.stream().filter(r -> r.relationId().equals(relationId)).toList();
    }

    /** Publishes a reply directly, as a redelivery or a late duplicate would arrive. */
    public Envelope reply(ReleaseQuotaReply reply) {
        return reply(Envelope.wrap(reply, reply.relationId()));
    }

    public Envelope reply(Envelope envelope) {
        try {
            producer.send(new ProducerRecord<>(Topics.WALLET_REPLIES, envelope.aggregateId(),
                    Contracts.mapper().writeValueAsBytes(envelope))).get();
            replies.add(envelope.payloadAs(ReleaseQuotaReply.class));
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the reply", e);
        }
        return envelope;
    }

    private void poll() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-wallet-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.WALLET_COMMANDS));
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(Contracts.mapper().readValue(record.value(), Envelope.class));
                }
            }
        }
    }

    private void handle(Envelope command) {
        commands.add(command);
        if (!command.is(ReleaseQuota.class)) {
            return;
        }
        ReleaseQuota release = command.payloadAs(ReleaseQuota.class);
        if (held.contains(release.relationId())) {
            return;
        }
        reply(new ReleaseQuotaReply(release.commandId(), release.sagaId(), release.relationId(),
                releaseFen.getOrDefault(release.relationId(), 0L), 0, Instant.now()));
    }
}
