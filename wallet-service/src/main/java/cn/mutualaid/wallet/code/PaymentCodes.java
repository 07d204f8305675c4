package cn.mutualaid.wallet.code;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.support.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The patient's own short-lived, single-use payment code (like the dynamic 医保码): 256 random bits, base64url.
 * Only its SHA-256 is stored, so a database reader cannot pay with it.
 */
@Service
public class PaymentCodes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DatabaseClient db;
    private final Clock clock;
    private final WalletProperties properties;

    public PaymentCodes(DatabaseClient db, Clock clock, WalletProperties properties) {
        this.db = db;
        this.clock = clock;
        this.properties = properties;
    }

    public record IssuedCode(String code, Instant expiresAt) {
    }

    public Mono<IssuedCode> issue(String personId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.paymentCodeTtl());
        return db.sql("""
                        insert into payment_code (code_hash, person_id, created_at, expires_at)
                        values (:h, :p, :now, :exp)""")
                .bind("h", hash(code)).bind("p", personId).bind("now", now).bind("exp", expiresAt)
                .fetch().rowsUpdated()
                .thenReturn(new IssuedCode(code, expiresAt));
    }

    public static byte[] hash(String code) {
        return Hashing.sha256(code.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Uses the code for a payment by {@code patientId}, inside the payment's transaction (a refused payment rolls the
     * use back). One conditional update on the happy path; when it matches nothing, the refusal is worked out:
     * PAYMENT_CODE_INVALID, PATIENT_NOT_CODE_OWNER (money is shared, the card is not), PAYMENT_CODE_EXPIRED,
     * PAYMENT_CODE_USED.
     */
    public Mono<Void> use(String code, String patientId, Instant now) {
        byte[] hash = hash(code);
        return db.sql("""
                        update payment_code set used_at = :now
                        where code_hash = :h and person_id = :p and used_at is null and expires_at > :now""")
                .bind("now", now).bind("h", hash).bind("p", patientId)
                .fetch().rowsUpdated()
                .flatMap(n -> n == 1 ? Mono.<Void>empty() : refusal(hash, patientId, now));
    }

    private Mono<Void> refusal(byte[] hash, String patientId, Instant now) {
        return db.sql("select person_id, expires_at, used_at from payment_code where code_hash = :h")
                .bind("h", hash)
                .map(row -> {
                    if (!patientId.equals(row.get("person_id", String.class))) {
                        return Rejection.refused("PATIENT_NOT_CODE_OWNER",
                                "the payment code belongs to another person: money may be shared, the code may not");
                    }
                    if (row.get("used_at", Instant.class) != null) {
                        return Rejection.refused("PAYMENT_CODE_USED", "the payment code was already used");
                    }
                    if (!row.get("expires_at", Instant.class).isAfter(now)) {
                        return Rejection.refused("PAYMENT_CODE_EXPIRED", "the payment code has expired");
                    }
                    return new IllegalStateException("payment code neither usable nor refused");
                })
                .one()
                .defaultIfEmpty(Rejection.refused("PAYMENT_CODE_INVALID", "unknown payment code"))
                .flatMap(Mono::error);
    }

    /** Forgets codes a day after they expired. */
    public Mono<Long> purgeExpired(Instant now) {
        return db.sql("delete from payment_code where expires_at < :cutoff")
                .bind("cutoff", now.minusSeconds(86_400))
                .fetch().rowsUpdated();
    }
}
