package cn.mutualaid.wallet.code.store;

import cn.mutualaid.wallet.code.domain.StoredCode;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Payment codes by the SHA-256 of the code. */
@Component
public record PaymentCodeStore(DatabaseClient db) {
    /**
     * Stores the code only for an activated wallet: the check rides in the insert, so the hot path keeps one
     * statement. @return whether it was stored (false: the wallet is not activated)
     */
    public Mono<Boolean> insert(byte[] hash, String personId, Instant now, Instant expiresAt) {
        return db.sql("""
                        insert into payment_code (code_hash, person_id, created_at, expires_at)
                        select :h, :p, :now, :exp
                        where exists (select 1 from wallet_activation where person_id = :p)""")
                .bind("h", hash).bind("p", personId).bind("now", now).bind("exp", expiresAt)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /**
     * Uses the code for this patient if it is theirs, unused and unexpired: one conditional update, so two payments
     * with one code cannot both use it. @return whether it was used now
     */
    public Mono<Boolean> use(byte[] hash, String patientId, Instant now) {
        return db.sql("""
                        update payment_code set used_at = :now
                        where code_hash = :h and person_id = :p and used_at is null and expires_at > :now""")
                .bind("now", now).bind("h", hash).bind("p", patientId)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    public Mono<StoredCode> find(byte[] hash) {
        return db.sql("select person_id, expires_at, used_at from payment_code where code_hash = :h")
                .bind("h", hash)
                .map(row -> new StoredCode(row.get("person_id", String.class), row.get("expires_at", Instant.class),
                        row.get("used_at", Instant.class)))
                .one();
    }

    public Mono<Long> purgeExpiredBefore(Instant cutoff) {
        return db.sql("delete from payment_code where expires_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch().rowsUpdated();
    }
}
