package cn.mutualaid.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.stream.binder.kafka.common.BinderHeaderMapper;
import org.springframework.core.env.Environment;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeTypeUtils;

/**
 * The whole batch handed to one Kafka producer of the relay's own at once, then the acknowledgements awaited: the
 * producer packs the records per partition into a few requests, lingering {@code mesh.outbox.linger} to fill them,
 * where a synchronous send paid one broker round trip per row.
 *
 * <p>The records are what the Kafka binding would send (key = aggregate id, JSON value, the binder's header form), to
 * the binder's brokers with its client settings (security included), acks from all in-sync replicas and idempotence:
 * records of one key go to one partition in the order given and a retry cannot reorder or duplicate them. A topic
 * missing on first use is created as the binder would (its partition count and replication factor), so that the relay
 * never leaves it to the broker's defaults; an existing one is only described (a service may lack the right to create).
 */
final class KafkaOutboxSender implements OutboxSender, AutoCloseable {
    private static final String BINDER = KafkaClients.BINDER;
    private static final Map<String, Object> CONTENT_TYPE = Map.of(MessageHeaders.CONTENT_TYPE,
            MimeTypeUtils.APPLICATION_JSON_VALUE);

    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final BinderHeaderMapper headers = new BinderHeaderMapper();
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    private final Duration ackTimeout;
    private final int partitions;
    private final Optional<Short> replication;
    private final boolean createTopics;

    KafkaOutboxSender(Environment env, OutboxProperties properties) {
        Binder binder = Binder.get(env);
        Map<String, Object> client = KafkaClients.binderClient(env);
        this.ackTimeout = properties.ackTimeout();
        this.partitions = binder.bind(BINDER + "min-partition-count", Integer.class).orElse(1);
        short factor = binder.bind(BINDER + "replication-factor", Short.class).orElse((short) -1);
        this.replication = factor > 0 ? Optional.of(factor) : Optional.empty();
        this.createTopics = binder.bind(BINDER + "auto-create-topics", Boolean.class).orElse(true);
        this.admin = Admin.create(client);

        Map<String, Object> config = new HashMap<>(client);
        config.putAll(binder.bind(BINDER + "producer-properties", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
        long linger = properties.linger().toMillis();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + env.getProperty("spring.application.name", "app"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, ackTimeout.toMillis() - linger));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    @Override
    public List<Throwable> send(List<OutboxRelay.Row> rows) {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (OutboxRelay.Row row : rows) {
            CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                provision(row.topic());
                producer.send(record(row), (metadata, error) -> {
                    if (error != null) {
                        ack.completeExceptionally(error);
                    } else {
                        ack.complete(metadata);
                    }
                });
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
        }
        long deadline = System.nanoTime() + ackTimeout.plusSeconds(5).toNanos();
        List<Throwable> outcomes = new ArrayList<>(rows.size());
        for (CompletableFuture<RecordMetadata> ack : acks) {
            outcomes.add(await(ack, deadline));
        }
        return outcomes;
    }

    private ProducerRecord<byte[], byte[]> record(OutboxRelay.Row row) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.fromHeaders(new MessageHeaders(CONTENT_TYPE), kafkaHeaders);
        return new ProducerRecord<>(row.topic(), null, row.aggregateId().getBytes(StandardCharsets.UTF_8),
                row.envelope().getBytes(StandardCharsets.UTF_8), kafkaHeaders);
    }

    private static Throwable await(CompletableFuture<RecordMetadata> ack, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private void provision(String topic) {
        if (!createTopics || provisioned.contains(topic)) {
            return;
        }
        try {
            // Described first, as the binder does: a service may write a topic it has no right to create.
            if (!exists(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), replication)))
                        .all().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + " in " + ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
        provisioned.add(topic);
    }

    private boolean exists(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
