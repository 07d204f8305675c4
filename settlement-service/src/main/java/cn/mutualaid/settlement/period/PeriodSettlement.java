package cn.mutualaid.settlement.period;

import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.period.store.PeriodStore;
import cn.mutualaid.settlement.prepaid.PrepaidFundService;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A cleared month becomes SETTLED once every statement is confirmed and the wallet's totals matched; then the
 * prepaid funds move by each province's net. Called after each confirmation and each reconciliation; whoever
 * comes last settles. The period row is locked first, so two last confirmations cannot both miss (or both do) it.
 */
@Service
public record PeriodSettlement(PeriodStore periods, TransactionalOperator tx, PrepaidFundService prepaid, Clock clock) {
    private static final Logger log = LoggerFactory.getLogger(PeriodSettlement.class);

    /** Locks the period's row until the end of the current transaction (serialises confirm / reconcile / settle). */
    public Mono<String> lock(Period period) {
        return periods.lock(period);
    }

    /** @return true if the period became SETTLED now */
    public Mono<Boolean> trySettle(Period period) {
        Mono<Boolean> work = periods.lock(period)
                .then(periods.settleIfComplete(period, clock.instant()))
                .flatMap(settled -> {
                    if (!settled) {
                        return Mono.just(false);
                    }
                    log.info("period {} SETTLED", period);
                    return prepaid.settle(period.toString()).thenReturn(true);
                })
                .defaultIfEmpty(false);
        return tx.transactional(work);
    }
}
