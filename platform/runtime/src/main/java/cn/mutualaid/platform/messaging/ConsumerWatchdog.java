package cn.mutualaid.platform.messaging;

import cn.mutualaid.platform.work.PeriodicWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.kafka.listener.MessageListenerContainer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps every Kafka binding of the service consuming: each pass asks the broker where each binding's group stands
 * on its topic and applies {@link ConsumerStalls}' verdict to the local listener container: a container that stopped
 * abnormally is started again, one that holds no partition while the group's events wait unmoved leaves the group and
 * rejoins. Retrying an outage is left alone and only reported. {@code mesh.consumer.stalled} (partitions stalled, per
 * binding) and {@code mesh.consumer.restarts} show it; the MeshConsumerStalled alert fires on the first.
 *
 * <p>Several instances: each instance judges only its own containers, from the group's offsets which all instances
 * see alike; a restart is one member leaving and rejoining (a rebalance), never a change of offsets, and backs off.
 */
public class ConsumerWatchdog extends PeriodicWork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerWatchdog.class);
    private static final long TIMEOUT_MS = 10_000;

    /** A binding's state; {@code unreachable} and {@code waiting} make each episode logged once, not every pass. */
    private record Watched(String binding, String topic, String group, MessageListenerContainer container,
            ConsumerStalls stalls, AtomicInteger stalled, AtomicBoolean unreachable, AtomicBoolean waiting) {
    }

    /** By binding and topic: a binding bound again (a context restarted) replaces its entry, keeping its gauge. */
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Object> adminConfig;
    private final WatchdogProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private volatile Admin admin;

    public ConsumerWatchdog(Environment env, WatchdogProperties properties, MeterRegistry meters) {
        super("consumer watchdog", properties.interval());
        this.adminConfig = new HashMap<>(KafkaClients.binderClient(env));
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG,
                "consumer-watchdog-" + env.getProperty("spring.application.name", "app"));
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS / 2);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        this.properties = properties;
        this.meters = meters;
        this.clock = Clock.systemUTC(); // the broker's time passing, whatever clock the service's rules run on
    }

    /** Called as each binding's container is configured (ConsumerErrorHandling). */
    void watch(String binding, String topics, String group, MessageListenerContainer container) {
        if (!properties.enabled() || group == null || group.isBlank()) {
            return; // an anonymous group's consumer starts at the end every time: nothing to stall
        }
        for (String name : topics.split(",")) {
            String topic = name.trim();
            String key = binding + " " + topic;
            Watched previous = watched.get(key);
            AtomicInteger stalled = previous != null ? previous.stalled() : new AtomicInteger();
            if (previous == null) {
                Gauge.builder("mesh.consumer.stalled", stalled, AtomicInteger::get)
                        .description("Partitions of the binding's topic with events waiting and the group's offset unmoved")
                        .tags("binding", String.valueOf(binding), "topic", topic, "group", group)
                        .register(meters);
            }
            watched.put(key, new Watched(String.valueOf(binding), topic, group, container,
                    new ConsumerStalls(properties.stallAfter()), stalled, new AtomicBoolean(), new AtomicBoolean()));
        }
    }

    /** The listener containers the watchdog keeps for a binding (one per topic it consumes). */
    public List<MessageListenerContainer> containers(String binding) {
        return watched.values().stream().filter(w -> w.binding().equals(binding)).map(Watched::container).distinct()
                .toList();
    }

    @Override
    protected Mono<?> pass() {
        return Mono.fromRunnable(this::check).subscribeOn(Schedulers.boundedElastic());
    }

    /** One look at every watched binding; a binding the broker cannot tell about now is looked at next time. */
    public void check() {
        for (Watched w : watched.values()) {
            try {
                check(w);
                if (w.unreachable().getAndSet(false)) {
                    log.info("consumer watchdog checks {} on {} again", w.binding(), w.topic());
                }
            } catch (Exception e) {
                if (!w.unreachable().getAndSet(true)) {
                    log.warn("consumer watchdog could not check {} on {} (said once until it can again): {}",
                            w.binding(), w.topic(), e.toString());
                }
            }
        }
    }

    private void check(Watched w) throws Exception {
        var now = clock.instant();
        Set<Integer> stalled = w.stalls().observe(now, offsets(w.topic(), w.group()));
        w.stalled().set(stalled.size());
        MessageListenerContainer container = w.container();
        var assigned = container.getAssignedPartitions();
        Set<Integer> held = assigned == null ? Set.of() : assigned.stream().filter(tp -> tp.topic().equals(w.topic()))
                .map(TopicPartition::partition).collect(Collectors.toSet());
        ConsumerStalls.Verdict verdict = w.stalls().verdict(now, stalled, container.isRunning(),
                !container.isInExpectedState(), held);
        if (verdict != ConsumerStalls.Verdict.WAIT && w.waiting().getAndSet(false) && stalled.isEmpty()) {
            log.info("events of {} move again under this instance's consumer ({})", w.topic(), w.binding());
        }
        switch (verdict) {
            case START -> {
                log.error("consumer of {} ({} on {}) stopped abnormally: starting it again", w.binding(),
                        w.group(), w.topic());
                count(w, "start");
                if (container.isRunning()) {
                    container.stop(); // one of its threads died: all of them again
                }
                container.start();
            }
            case RESTART -> {
                log.error("events of {} wait on partitions {} of group {} with no progress for {} or longer, and this "
                        + "instance's consumer ({}) holds no partition: restarting it to rejoin the group", w.topic(),
                        stalled, w.group(), properties.stallAfter(), w.binding());
                count(w, "rejoin");
                container.stop();
                container.start();
            }
            case WAIT -> {
                if (!w.waiting().getAndSet(true)) {
                    log.warn("events of {} wait on partitions {} held by this instance's consumer ({}) with no "
                            + "progress for {} or longer: it is retrying a failure (see mesh.consumer.failures)",
                            w.topic(), stalled, w.binding(), properties.stallAfter());
                }
            }
            case NONE -> { }
        }
    }

    private void count(Watched w, String action) {
        Counter.builder("mesh.consumer.restarts").description("Consumers the watchdog started again or made rejoin")
                .tags("binding", w.binding(), "topic", w.topic(), "action", action).register(meters).increment();
    }

    private Map<Integer, ConsumerStalls.Offsets> offsets(String topic, String group) throws Exception {
        Admin client = admin();
        var description = client.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = client.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = client.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
                .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<Integer, ConsumerStalls.Offsets> offsets = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndMetadata at = committed.get(p);
            offsets.put(p.partition(), new ConsumerStalls.Offsets(starts.get(p).offset(), ends.get(p).offset(),
                    at == null ? -1 : at.offset()));
        }
        return offsets;
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(adminConfig);
                }
                current = admin;
            }
        }
        return current;
    }

    /** After the input bindings start and before they stop: a container stopped on purpose is never restarted. */
    @Override
    public int getPhase() {
        return OutboxRelay.PHASE + 100;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
