package cn.mutualaid.settlement.clearing;

import cn.mutualaid.settlement.prepaid.PrepaidFunds;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A cleared month becomes SETTLED once every statement is confirmed and the wallet's totals matched; then the
 * prepaid funds move by each province's net. Called after each confirmation and each reconciliation; whoever
 * comes last settles. The period row is locked first, so two last confirmations cannot both miss (or both do) it.
 */
@Component
public class PeriodSettlement {
    private static final Logger log = LoggerFactory.getLogger(PeriodSettlement.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PrepaidFunds prepaid;
    private final Clock clock;

    public PeriodSettlement(DatabaseClient db, TransactionalOperator tx, PrepaidFunds prepaid, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.prepaid = prepaid;
        this.clock = clock;
    }

    /** Locks the period's row until the end of the current transaction (serialises confirm / reconcile / settle). */
    public Mono<String> lock(Period period) {
        return db.sql("select status from periods where period = :p for update").bind("p", period.toString())
                .map(row -> row.get("status", String.class)).one();
    }

    /** @return true if the period became SETTLED now */
    public Mono<Boolean> trySettle(Period period) {
        String p = period.toString();
        Mono<Boolean> work = lock(period)
                .then(db.sql("""
                                update periods set status = 'SETTLED', settled_at = :now
                                where period = :p and status = 'CLEARED'
                                  and exists (select 1 from reconciliations r where r.period = :p and r.status = 'MATCHED')
                                  and not exists (select 1 from statements s where s.period = :p and s.status <> 'CONFIRMED')""")
                        .bind("p", p).bind("now", clock.instant())
                        .fetch().rowsUpdated())
                .flatMap(updated -> {
                    if (updated == 0) {
                        return Mono.just(false);
                    }
                    log.info("period {} SETTLED", p);
                    return prepaid.settle(period.toString()).thenReturn(true);
                })
                .defaultIfEmpty(false);
        return tx.transactional(work);
    }
}
