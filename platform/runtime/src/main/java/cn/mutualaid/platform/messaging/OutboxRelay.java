package cn.mutualaid.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka and marks them sent.
 *
 * <p>One relay at a time per database (a transaction-scoped advisory lock). A pass hands a batch of rows, in id order,
 * to the {@link OutboxSender} at once and waits for the broker's acknowledgements; then one statement marks sent the
 * rows acknowledged before the first one that failed. A row is never marked before its acknowledgement, and the rows
 * after a failure are sent again with it on the next pass, in order: so events keep their order per key, and a crash
 * between send and mark only causes a re-send, which consumers' inboxes absorb. Nothing is kept in memory: a
 * restarted relay resumes from the table.
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
    private final OutboxSender sender;
    private final OutboxProperties properties;
    private final Sinks.Many<Boolean> nudges = Sinks.many().multicast().directBestEffort();
    private final AtomicLong backlog = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final MeterRegistry meters;
    private final AtomicLong parkedRows = new AtomicLong();
    private volatile Disposable loop;
    private volatile Disposable housekeeping;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, OutboxSender sender, OutboxProperties properties,
            MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.sender = sender;
        this.properties = properties;
        this.published = meters.counter("mesh.outbox.published");
        this.failures = meters.counter("mesh.outbox.failures");
        meters.gauge("mesh.outbox.backlog", backlog);
        // Rows set aside for good and still in the table: anything above zero needs a person (an alert).
        meters.gauge("mesh.outbox.parked.rows", parkedRows);
        this.meters = meters;
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
                        where sent_at is null and parked_at is null order by id limit :batch""")
                .bind("batch", properties.batchSize())
                .map(row -> new Row(row.get("id", Long.class), row.get("topic", String.class),
                        row.get("aggregate_id", String.class), row.get("envelope", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0)
                        : Mono.fromCallable(() -> send(rows)).subscribeOn(Schedulers.boundedElastic())
                                .flatMap(pass -> markSent(pass.sent()).then(markParked(pass.parked()))
                                        .thenReturn(pass.stoppedBy() == null ? rows.size() : 0)));
    }

    /**
     * Sends the rows and reads the outcomes in order. A row the broker refuses for good is set aside (parked) and the
     * rows after it go on; any other failure (the broker away) ends the pass there, so that the next pass resumes at
     * that row and order is kept: rows after it are not marked even if acknowledged (their copies are duplicates the
     * inboxes drop). What was sent or parked before the failure is recorded either way.
     */
    private Pass send(List<Row> rows) {
        List<Long> sent = new ArrayList<>(rows.size());
        List<Parked> parked = new ArrayList<>();
        List<Throwable> outcomes = sender.send(rows);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Throwable e = outcomes.get(i);
            if (e != null) {
                Throwable refusal = RefusedForGood.in(e);
                if (refusal == null) {
                    failures.increment();
                    log.warn("outbox relay stopped at row {}, will retry: {}", row.id(), e.toString());
                    return new Pass(sent, parked, e);
                }
                parked.add(new Parked(row.id(), refusal.getClass().getSimpleName() + ": " + refusal.getMessage()));
                meters.counter("mesh.outbox.parked", "topic", row.topic()).increment();
                log.error("outbox row {} ({} on {}) parked, the broker refuses it for good: {}", row.id(),
                        row.aggregateId(), row.topic(), refusal.toString());
                continue;
            }
            sent.add(row.id());
            published.increment();
        }
        return new Pass(sent, parked, null);
    }

    private Mono<Void> markParked(List<Parked> parked) {
        return Flux.fromIterable(parked)
                .concatMap(p -> db.sql("update outbox set parked_at = now(), park_reason = :reason where id = :id")
                        .bind("reason", p.reason()).bind("id", p.id()).fetch().rowsUpdated())
                .then();
    }

    private Mono<Void> markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("update outbox set sent_at = now() where id = any(:ids)")
                .bind("ids", ids.toArray(Long[]::new))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> refreshBacklog() {
        return db.sql("""
                        select count(*) filter (where parked_at is null) as backlog,
                               count(*) filter (where parked_at is not null) as parked
                        from outbox where sent_at is null""")
                .map(row -> {
                    backlog.set(row.get("backlog", Long.class));
                    parkedRows.set(row.get("parked", Long.class));
                    return true;
                }).one().then();
    }

    @Override
    public void start() {
        Flux<Boolean> ticks = Flux.merge(Flux.interval(properties.pollInterval()).map(t -> Boolean.TRUE),
                gathered(nudges.asFlux(), properties.nudgeDelay()));
        loop = ticks.onBackpressureDrop()
                .concatMap(t -> drain(), 1)
                .subscribe();
        log.info("outbox relay started (poll every {}, batch {}, nudged passes {} after a commit)",
                properties.pollInterval(), properties.batchSize(), properties.nudgeDelay());
        // The backlog gauges on their own slow clock so they never delay publishing (MessagingPurge deletes sent rows).
        housekeeping = Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(15))
                .concatMap(t -> refreshBacklog().onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    /**
     * The nudges as the relay's ticks: at once without a delay; with one, the first nudge starts a pass {@code delay}
     * later and the nudges meanwhile ride on it (one more is kept, for the rows committed after that pass read the
     * table). Why: under load every payment's commit nudges, so passes of a few rows each can run back to back, each a
     * transaction of four statements and a producer request; gathering a few milliseconds of commits into one pass
     * should cost the wallet, Kafka and the consumers less per event, for that much more delay before an event is sent
     * (not yet measured side by side: off by default, tools/load/README.md).
     */
    static Flux<Boolean> gathered(Flux<Boolean> nudges, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return nudges;
        }
        return nudges.onBackpressureDrop().concatMap(n -> Mono.delay(delay).thenReturn(Boolean.TRUE), 1);
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

    /** An unsent outbox row: its topic, Kafka key and the envelope's JSON. */
    public record Row(Long id, String topic, String aggregateId, String envelope) {
    }

    private record Parked(long id, String reason) {
    }

    /** One pass's outcome: rows acknowledged, rows set aside, and the failure that ended it early (or null). */
    private record Pass(List<Long> sent, List<Parked> parked, Throwable stoppedBy) {
    }
}
