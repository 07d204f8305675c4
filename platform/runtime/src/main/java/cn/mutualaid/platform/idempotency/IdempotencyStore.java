package cn.mutualaid.platform.idempotency;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Idempotency-Key rows ({@code idempotency_key}, platform migration V0_5), per caller and key. {@code owner} is the
 * token of the request holding the key and {@code locked_until} its lease; every change is conditional on them, so
 * two requests never both own a key.
 */
public record IdempotencyStore(DatabaseClient db) {

    /** A request's hold on a key. */
    public record Claim(String callerId, String key, String operation, String fingerprint, UUID owner) {
    }

    /** The claim's insert; named parameters prefixed {@code idem} so that it can join another statement's own. */
    private static final String CLAIM = """
            insert into idempotency_key (caller_id, idem_key, operation, request_hash, created_at, owner, locked_until)
            values (:idemCaller, :idemKey, :idemOperation, :idemHash, :idemNow, :idemOwner, :idemUntil)
            on conflict (caller_id, idem_key) do nothing""";
    /** The claim as an item of another statement's {@code with} clause: a row when it claimed the key, none if not. */
    static final String CLAIM_CTE = "idempotency_claim as (" + CLAIM + " returning true)";

    /** @return whether the key was free and is now this claim's (committed by itself, outside the work) */
    public Mono<Boolean> claim(Claim claim, Instant now, Instant lease) {
        return bindClaim(db.sql(CLAIM), claim, now, lease).fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Binds the parameters of {@link #CLAIM} (and so of {@link #CLAIM_CTE}) on {@code spec}. */
    static DatabaseClient.GenericExecuteSpec bindClaim(DatabaseClient.GenericExecuteSpec spec, Claim claim,
            Instant now, Instant lease) {
        return spec.bind("idemCaller", claim.callerId()).bind("idemKey", claim.key())
                .bind("idemOperation", claim.operation()).bind("idemHash", claim.fingerprint())
                .bind("idemNow", now).bind("idemOwner", claim.owner()).bind("idemUntil", lease);
    }

    public Mono<StoredKey> find(String callerId, String key) {
        return db.sql("""
                        select operation, request_hash, response_body, locked_until from idempotency_key
                        where caller_id = :c and idem_key = :k""")
                .bind("c", callerId).bind("k", key)
                .map(row -> new StoredKey(row.get("operation", String.class), row.get("request_hash", String.class),
                        row.get("response_body", String.class), row.get("locked_until", Instant.class)))
                .one();
    }

    /** @return whether this claim took over a key whose lease ran out with no answer stored */
    public Mono<Boolean> takeOver(Claim claim, Instant now, Instant lease) {
        return db.sql("""
                        update idempotency_key set owner = :o, locked_until = :until
                        where caller_id = :c and idem_key = :k and response_body is null and locked_until <= :now""")
                .bind("o", claim.owner()).bind("until", lease)
                .bind("c", claim.callerId()).bind("k", claim.key()).bind("now", now)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** @return whether the answer was stored (only while this claim still owns the key) */
    public Mono<Boolean> complete(Claim claim, String answer) {
        return db.sql("""
                        update idempotency_key set response_body = :b, locked_until = null
                        where caller_id = :c and idem_key = :k and owner = :o and response_body is null""")
                .bind("b", answer)
                .bind("c", claim.callerId()).bind("k", claim.key()).bind("o", claim.owner())
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Frees a key this claim holds without an answer. */
    public Mono<Long> giveBack(Claim claim) {
        return db.sql("""
                        delete from idempotency_key
                        where caller_id = :c and idem_key = :k and owner = :o and response_body is null""")
                .bind("c", claim.callerId()).bind("k", claim.key()).bind("o", claim.owner())
                .fetch().rowsUpdated();
    }

    public Mono<Long> purgeOlderThan(Instant cutoff) {
        return db.sql("delete from idempotency_key where created_at < :cutoff").bind("cutoff", cutoff)
                .fetch().rowsUpdated();
    }
}
