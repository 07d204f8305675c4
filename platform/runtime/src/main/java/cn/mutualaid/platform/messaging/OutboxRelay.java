package cn.mutualaid.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka through Spring Cloud Stream and marks them sent.
 *
 * <p>One relay at a time per database (a transaction-scoped advisory lock), rows in id order, each send confirmed by
 * the broker before the row is marked: so events keep their order per key, and a crash between send and mark only
 * causes a re-send, which consumers' inboxes absorb. Nothing is kept in memory: a restarted relay resumes from the
 * table.
 */
public class OutboxRelay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    // Any constant works; it only has to be the same for every instance of one service (one database).
    private static final long RELAY_LOCK = 0x6f7574626f78L;
    /** Lifecycle phase of the background workers that publish or drive messages: started after the web server and the
     * bindings, stopped before them. */
    public static final int PHASE = Integer.MAX_VALUE - 1000;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final StreamBridge bridge;
    private final OutboxProperties properties;
    private final Sinks.Many<Boolean> nudges = Sinks.many().multicast().directBestEffort();
    private final AtomicLong backlog = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private volatile Disposable loop;
    private volatile Disposable housekeeping;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, StreamBridge bridge, OutboxProperties properties,
            MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.bridge = bridge;
        this.properties = properties;
        this.published = meters.counter("mesh.outbox.published");
        this.failures = meters.counter("mesh.outbox.failures");
        meters.gauge("mesh.outbox.backlog", backlog);
    }

    /** Asks for a pass soon (after a commit); cheap, and dropped if a pass is already due. */
    public void nudge() {
        nudges.tryEmitNext(Boolean.TRUE);
    }

    /** One pass: publishes up to a batch of unsent rows. Returns how many were published. */
    public Mono<Integer> relayOnce() {
        Mono<Integer> pass = db.sql("select pg_try_advisory_xact_lock(:lock) as locked")
                .bind("lock", RELAY_LOCK)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? publishBatch() : Mono.just(0));
        return tx.transactional(pass);
    }

    private Mono<Integer> publishBatch() {
        return db.sql("""
                        select id, topic, aggregate_id, envelope from outbox
                        where sent_at is null order by id limit :batch""")
                .bind("batch", properties.batchSize())
                .map(row -> new Row(row.get("id", Long.class), row.get("topic", String.class),
                        row.get("aggregate_id", String.class), row.get("envelope", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0)
                        : Mono.fromCallable(() -> send(rows)).subscribeOn(Schedulers.boundedElastic())
                                .flatMap(sent -> markSent(sent).thenReturn(sent.size())));
    }

    private List<Long> send(List<Row> rows) {
        List<Long> sent = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Message<byte[]> message = Envelopes.toMessage(row.envelope(), row.aggregateId());
            // The binding is a synchronous producer: send returns once the broker acknowledged the record.
            if (!bridge.send(row.topic(), message)) {
                throw new IllegalStateException("broker did not accept outbox row " + row.id());
            }
            sent.add(row.id());
            published.increment();
        }
        return sent;
    }

    private Mono<Void> markSent(List<Long> ids) {
        return db.sql("update outbox set sent_at = now() where id = any(:ids)")
                .bind("ids", ids.toArray(Long[]::new))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> refreshBacklog() {
        return db.sql("select count(*) as n from outbox where sent_at is null")
                .map(row -> row.get("n", Long.class)).one()
                .doOnNext(backlog::set).then();
    }

    private Mono<Void> purgeSent() {
        return db.sql("delete from outbox where sent_at < now() - make_interval(secs => :secs)")
                .bind("secs", (double) properties.retention().toSeconds())
                .fetch().rowsUpdated().then();
    }

    @Override
    public void start() {
        Flux<Boolean> ticks = Flux.merge(Flux.interval(properties.pollInterval()).map(t -> Boolean.TRUE),
                nudges.asFlux());
        loop = ticks.onBackpressureDrop()
                .concatMap(t -> drain(), 1)
                .subscribe();
        log.info("outbox relay started (poll every {}, batch {})", properties.pollInterval(), properties.batchSize());
        // House-keeping on its own slow clock so it never delays publishing.
        housekeeping = Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(15))
                .concatMap(t -> refreshBacklog().then(purgeSent()).onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    /** Keeps publishing while full batches come back, so a backlog drains without waiting for the next tick. */
    private Mono<Integer> drain() {
        return relayOnce()
                .expand(n -> n >= properties.batchSize() ? relayOnce() : Mono.empty())
                .reduce(0, Integer::sum)
                .onErrorResume(e -> {
                    failures.increment();
                    log.warn("outbox relay pass failed, will retry: {}", e.toString());
                    return Mono.just(0);
                });
    }

    @Override
    public void stop() {
        for (Disposable running : new Disposable[] {loop, housekeeping}) {
            if (running != null) {
                running.dispose();
            }
        }
        loop = null;
        housekeeping = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private record Row(Long id, String topic, String aggregateId, String envelope) {
    }
}
