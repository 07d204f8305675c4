package cn.mutualaid.platform.messaging;

import cn.mutualaid.platform.work.PeriodicWork;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Forgets what the messaging tables no longer need: outbox rows sent more than {@code mesh.outbox.retention} ago, and
 * inbox records older than {@code mesh.messaging.retention.inbox}. A row still unsent (or parked) is never deleted.
 * Deletes by age, a chunk at a time, chunk after chunk until none is left: the work is the same whichever instance
 * does it, and two instances deleting at once only wait for each other's row locks and then find those rows gone.
 */
public class MessagingPurge extends PeriodicWork {
    private static final Logger log = LoggerFactory.getLogger(MessagingPurge.class);

    private final DatabaseClient db;
    private final OutboxProperties outbox;
    private final RetentionProperties retention;

    public MessagingPurge(DatabaseClient db, OutboxProperties outbox, RetentionProperties retention) {
        super("messaging purge", retention.interval());
        this.db = db;
        this.outbox = outbox;
        this.retention = retention;
    }

    @Override
    protected Mono<?> pass() {
        return purgeOnce();
    }

    /**
     * One purge of both tables; returns how many rows went (outbox + inbox). Ages are the database's: the rows were
     * stamped by its clock, and every instance then agrees on what is old.
     */
    public Mono<Long> purgeOnce() {
        Mono<Long> outboxRows = drain("""
                delete from outbox where ctid = any(array(
                    select ctid from outbox where created_at < now() - make_interval(secs => :age)
                        and sent_at < now() - make_interval(secs => :age) limit :chunk))""",
                outbox.retention());
        Mono<Long> inboxRows = drain("""
                delete from inbox where ctid = any(array(
                    select ctid from inbox where processed_at < now() - make_interval(secs => :age)
                        limit :chunk))""",
                retention.inbox());
        return outboxRows.zipWith(inboxRows, (o, i) -> {
            if (o + i > 0) {
                log.info("purged {} sent outbox row(s) and {} inbox record(s)", o, i);
            }
            return o + i;
        });
    }

    /** Deletes chunk after chunk (each its own short statement) until a chunk comes back short. */
    private Mono<Long> drain(String sql, Duration age) {
        Mono<Long> chunk = db.sql(sql).bind("age", (double) age.toSeconds()).bind("chunk", retention.chunk())
                .fetch().rowsUpdated();
        return chunk.expand(deleted -> deleted >= retention.chunk() ? chunk : Mono.empty())
                .reduce(0L, Long::sum);
    }
}
