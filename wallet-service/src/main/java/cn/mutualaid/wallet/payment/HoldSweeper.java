package cn.mutualaid.wallet.payment;

import cn.mutualaid.platform.work.PeriodicWork;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.payment.domain.VoidReason;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import cn.mutualaid.wallet.support.Transactions;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * House-keeping every {@code mesh.wallet.hold-sweep-interval}: voids authorizations whose hold expired
 * (mesh.wallet.hold-ttl), each in its own transaction with a conditional update, so several instances may sweep at
 * once and a capture racing the sweeper either wins or gets 409. Also forgets payment codes a day after expiry
 * (Idempotency-Keys: the platform's IdempotencyPurge).
 */
@Component
public class HoldSweeper extends PeriodicWork {
    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
    static final int BATCH = 200;
    private final PaymentStore store;
    private final Transactions tx;
    private final PaymentCaptures captures;
    private final PaymentCodes codes;
    private final Clock clock;

    public HoldSweeper(PaymentStore store, Transactions tx, PaymentCaptures captures, PaymentCodes codes,
            WalletProperties properties, Clock clock) {
        super("hold sweeper", properties.holdSweepInterval());
        this.store = store;
        this.tx = tx;
        this.captures = captures;
        this.codes = codes;
        this.clock = clock;
    }

    @Override
    protected Mono<Void> pass() {
        return sweepOnce()
                .doOnNext(voided -> {
                    if (voided > 0) {
                        log.info("voided {} expired authorization(s)", voided);
                    }
                })
                .then(Mono.defer(() -> codes.purgeExpired(clock.instant())))
                .then();
    }

    /** @return how many expired holds were voided */
    public Mono<Long> sweepOnce() {
        Instant now = clock.instant();
        return store.expiredHolds(now, BATCH)
                .concatMap(id -> tx.run(() -> captures.voidHold(id, null, VoidReason.EXPIRED, now, true)))
                .count();
    }
}
