package cn.mutualaid.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gauges whose value is one number a SQL query returns (a backlog's age, a count of mismatches), refreshed in the
 * background every {@code interval}: a scrape never waits on the database, and a slow query never piles up. A
 * failed refresh keeps the last value and is logged; the gauge reads NaN until the first refresh succeeds.
 */
public class DatabaseGauges implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DatabaseGauges.class);

    private final DatabaseClient db;
    private final MeterRegistry meters;
    private final Duration interval;
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private volatile Disposable refreshing;

    private record Query(String name, String sql, AtomicReference<Double> value) {
    }

    public DatabaseGauges(DatabaseClient db, MeterRegistry meters, Duration interval) {
        this.db = db;
        this.meters = meters;
        this.interval = interval;
    }

    /** Registers gauge {@code name}; {@code sql} returns one row with one numeric column. */
    public DatabaseGauges gauge(String name, String description, String sql) {
        Query query = new Query(name, sql, new AtomicReference<>(Double.NaN));
        queries.add(query);
        Gauge.builder(name, query.value(), AtomicReference::get).description(description).register(meters);
        return this;
    }

    /** Runs every query once (the background refresh does the same on its schedule). */
    public Mono<Void> refresh() {
        return Flux.fromIterable(queries)
                .concatMap(q -> db.sql(q.sql()).map(row -> row.get(0, Number.class)).one()
                        .doOnNext(n -> q.value().set(n.doubleValue()))
                        .onErrorResume(e -> {
                            log.warn("gauge {} not refreshed: {}", q.name(), e.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    @Override
    public void start() {
        refreshing = Flux.interval(Duration.ZERO, interval).onBackpressureDrop()
                .concatMap(tick -> refresh(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable d = refreshing;
        if (d != null) {
            d.dispose();
        }
        refreshing = null;
    }

    @Override
    public boolean isRunning() {
        return refreshing != null;
    }
}
