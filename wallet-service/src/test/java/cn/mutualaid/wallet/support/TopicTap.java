package cn.mutualaid.wallet.support;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the wallet really published to a Kafka topic (a fresh consumer group, from the beginning). */
public final class TopicTap implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Envelope> seen = new ArrayList<>();

    public TopicTap(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "wallet-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until at least {@code count} envelopes match, or the timeout passes; returns the matches. */
    public List<Envelope> await(Predicate<Envelope> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && matching(match).size() < count) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Envelope envelope = Contracts.mapper().readValue(new String(record.value(), StandardCharsets.UTF_8), Envelope.class);
                // The Kafka key is the aggregate id.
                if (!envelope.aggregateId().equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    throw new AssertionError("key differs from aggregate id: " + envelope);
                }
                seen.add(envelope);
            }
        }
        return matching(match);
    }

    /** Keeps polling for a while and returns everything that matched (to prove that no more arrived). */
    public List<Envelope> settle(Predicate<Envelope> match, Duration window) {
        return await(match, Integer.MAX_VALUE, window);
    }

    private List<Envelope> matching(Predicate<Envelope> match) {
        return seen.stream().filter(match).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
