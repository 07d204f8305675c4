package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.wallet.support.Hashing;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Idempotency-Key for money-moving POSTs, per caller. Runs inside the operation's transaction: the key row is claimed
 * first (a concurrent request with the same key waits on the primary key until the first one commits or rolls back),
 * the response is stored with it. Same key and same canonical request → the stored response, nothing moves again;
 * same key, another request → 409 IDEMPOTENCY_KEY_REUSED. A refused request rolls its key back with everything else.
 */
@Component
public class Idempotency {
    static final int MAX_KEY_LENGTH = 200;
    private final DatabaseClient db;
    private final Clock clock;

    public Idempotency(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** 400 IDEMPOTENCY_KEY_REQUIRED when the header is missing or blank. */
    public static String require(String key) {
        if (key == null || key.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "IDEMPOTENCY_KEY_REQUIRED",
                    "this request moves money: send an Idempotency-Key header");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    "the Idempotency-Key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        // Stored as text and echoed in logs: visible ASCII only (a NUL would not even reach the database).
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    "the Idempotency-Key must be visible ASCII characters");
        }
        return key;
    }

    /** The hash of the operation and its canonical JSON (record components in declaration order). */
    static String hash(String operation, Object request) {
        return Hashing.sha256Hex(operation + "\n" + Contracts.mapper().writeValueAsString(request));
    }

    public <T> Mono<T> once(String callerId, String key, String operation, Object request, Class<T> type,
            Supplier<Mono<T>> work) {
        String hash = hash(operation, request);
        return db.sql("""
                        insert into idempotency (caller_id, idem_key, request_hash, created_at) values (:c, :k, :h, :now)
                        on conflict (caller_id, idem_key) do nothing""")
                .bind("c", callerId).bind("k", key).bind("h", hash).bind("now", clock.instant())
                .fetch().rowsUpdated()
                .flatMap(claimed -> claimed == 1
                        ? work.get().flatMap(result -> db.sql("""
                                        update idempotency set response_body = :b where caller_id = :c and idem_key = :k""")
                                .bind("b", Contracts.mapper().writeValueAsString(result)).bind("c", callerId).bind("k", key)
                                .fetch().rowsUpdated().thenReturn(result))
                        : replay(callerId, key, hash, type));
    }

    public Mono<Long> purgeOlderThan(java.time.Instant cutoff) {
        return db.sql("delete from idempotency where created_at < :cutoff").bind("cutoff", cutoff).fetch().rowsUpdated();
    }

    private <T> Mono<T> replay(String callerId, String key, String hash, Class<T> type) {
        return db.sql("select request_hash, response_body from idempotency where caller_id = :c and idem_key = :k")
                .bind("c", callerId).bind("k", key)
                .map(row -> {
                    if (!hash.equals(row.get("request_hash", String.class))) {
                        throw ApiException.conflict("IDEMPOTENCY_KEY_REUSED",
                                "this Idempotency-Key was used for another request");
                    }
                    return Contracts.mapper().readValue(row.get("response_body", String.class), type);
                })
                .one();
    }
}
