package cn.mutualaid.wallet.payment;

import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.support.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * House-keeping on a fixed delay: voids authorizations whose hold expired (mesh.wallet.hold-ttl), each in its own transaction with a conditional
 * update, so several instances may sweep at once and a capture racing the sweeper either wins or gets 409. Also
 * forgets payment codes a day after expiry and Idempotency-Keys after {@code mesh.wallet.idempotency-retention}.
 */
@Component
public class HoldSweeper {
    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
    static final int BATCH = 200;
    private final DatabaseClient db;
    private final Transactions tx;
    private final Payments payments;
    private final PaymentCodes codes;
    private final Idempotency idempotency;
    private final WalletProperties properties;
    private final Clock clock;

    public HoldSweeper(DatabaseClient db, Transactions tx, Payments payments, PaymentCodes codes, Idempotency idempotency,
            WalletProperties properties, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.payments = payments;
        this.codes = codes;
        this.idempotency = idempotency;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${mesh.wallet.hold-sweep-interval:5s}", initialDelayString = "${mesh.wallet.hold-sweep-interval:5s}")
    void sweep() {
        try {
            long voided = sweepOnce().block();
            if (voided > 0) {
                log.info("voided {} expired authorization(s)", voided);
            }
            codes.purgeExpired(clock.instant()).block();
            idempotency.purgeOlderThan(clock.instant().minus(properties.idempotencyRetention())).block();
        } catch (RuntimeException e) {
            log.warn("hold sweep failed, will retry: {}", e.toString());
        }
    }

    /** @return how many expired holds were voided */
    public Mono<Long> sweepOnce() {
        Instant now = clock.instant();
        return db.sql("""
                        select payment_id from payment where status = 'AUTHORIZED' and expires_at <= :now
                        order by expires_at limit :batch""")
                .bind("now", now).bind("batch", BATCH)
                .map(row -> row.get("payment_id", UUID.class)).all()
                .concatMap(id -> tx.run(() -> payments.voidHold(id, null, Payments.VOID_EXPIRED, now, true)))
                .count();
    }
}
