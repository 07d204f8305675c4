package cn.mutualaid.registry.support;

import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything published on registry.events during this test JVM, read by a plain Kafka consumer of its own group
 * (from the earliest offset), so tests see the key and envelope exactly as other services will.
 */
public final class RegistryEvents {
    /** One consumed record: the Kafka key as text, and the envelope. */
    public record Received(String key, Envelope envelope) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static volatile boolean started;

    private RegistryEvents() {
    }

    public static synchronized void start() {
        if (started) {
            return;
        }
        createTopic();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Thread poller = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(Topics.REGISTRY_EVENTS));
                while (true) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                        RECEIVED.add(new Received(key, Contracts.mapper().readValue(r.value(), Envelope.class)));
                    }
                }
            }
        }, "registry-events-test-consumer");
        poller.setDaemon(true);
        poller.start();
        started = true;
    }

    /** The topic with the partition count the binder expects, so the consumer never misses a late partition. */
    private static void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.REGISTRY_EVENTS, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records whose Kafka key is {@code key}, in the order they arrived (one partition per key: publish order). */
    public static List<Received> forKey(String key) {
        return RECEIVED.stream().filter(r -> key.equals(r.key())).toList();
    }

    public static List<String> typesFor(String key) {
        return forKey(key).stream().map(r -> r.envelope().type()).toList();
    }

    /** Waits until a record of {@code type} with this key arrived; returns all records for the key at that time. */
    public static List<Received> awaitType(String key, String type) {
        start();
        await().atMost(Duration.ofSeconds(30)).until(() -> typesFor(key).contains(type));
        return forKey(key);
    }

    /** Waits until at least {@code n} records with this key arrived; returns all of them. */
    public static List<Received> awaitCount(String key, int n) {
        start();
        await().atMost(Duration.ofSeconds(30)).until(() -> forKey(key).size() >= n);
        return forKey(key);
    }
}
