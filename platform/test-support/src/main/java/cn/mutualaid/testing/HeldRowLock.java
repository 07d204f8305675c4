package cn.mutualaid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.function.Supplier;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A row lock the test holds in an open transaction of its own, so that a request needing that row waits until the
 * test lets go: a deterministic "slow first request" for in-flight tests. Closing rolls the transaction back.
 */
public final class HeldRowLock implements AutoCloseable {
    private final Connection connection;

    private HeldRowLock(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code selectForUpdate} (one {@code $1} parameter) and keeps the rows it read locked. */
    public static HeldRowLock hold(ConnectionFactory connections, String selectForUpdate, Object parameter) {
        Connection connection = Mono.from(connections.create()).block();
        Mono.from(connection.beginTransaction()).block();
        Flux.from(connection.createStatement(selectForUpdate).bind("$1", parameter).execute())
                .flatMap(result -> result.map((row, meta) -> 1)).blockLast();
        return new HeldRowLock(connection);
    }

    /**
     * Database sessions of the current database waiting for a lock right now: with a held lock and one request
     * queued behind it, 1; a duplicate that queued too (holding a pooled connection while it waits) would make it 2.
     */
    public static long waiters(DatabaseClient db) {
        return db.sql("""
                        select count(*) from pg_stat_activity
                         where datname = current_database() and wait_event_type = 'Lock'""")
                .map(row -> row.get(0, Long.class)).one().block();
    }

    /**
     * Sends a duplicate while one request waits behind this lock and returns its answer, which must come at once
     * (within 5 s, not after the lock) with still only one session waiting: the duplicate did not queue with a
     * pooled connection of its own.
     */
    public static <T> T answeredAtOnce(DatabaseClient db, Supplier<T> duplicate) {
        long started = System.nanoTime();
        T answer = duplicate.get();
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds to answer the duplicate").isLessThan(5_000);
        assertThat(waiters(db)).as("sessions waiting for a lock").isEqualTo(1);
        return answer;
    }

    @Override
    public void close() {
        Mono.from(connection.rollbackTransaction()).then(Mono.from(connection.close())).block();
    }
}
