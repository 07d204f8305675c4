package cn.mutualaid.settlement.period.store;

import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.period.domain.Period;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The month rows and their locks. A line in flight holds its OPEN month's row FOR SHARE and a close UPDATEs it, so a
 * close waits for those lines and every line committed after it is booked to a later month; confirmations,
 * reconciliations and the settling step take the row FOR UPDATE, so whoever comes last settles, once.
 */
@Component
public record PeriodStore(DatabaseClient db) {
    /** Makes sure the month has its row (OPEN when new). */
    public Mono<Void> ensure(Period period) {
        return db.sql("insert into periods (period) values (:p) on conflict do nothing").bind("p", period.toString())
                .fetch().rowsUpdated().then();
    }

    /** The month's status, its row held FOR SHARE until commit; empty when the month has no row yet. */
    public Mono<String> statusForShare(Period period) {
        return db.sql("select status from periods where period = :p for share").bind("p", period.toString())
                .map(row -> Rows.text(row, "status")).one();
    }

    /** Locks the month's row until the end of the current transaction (serialises confirm / reconcile / settle). */
    public Mono<String> lock(Period period) {
        return db.sql("select status from periods where period = :p for update").bind("p", period.toString())
                .map(row -> Rows.text(row, "status")).one();
    }

    /** OPEN → CLOSED; true when this call froze the month, false when it was no longer OPEN. */
    public Mono<Boolean> freeze(Period period, Instant now) {
        return db.sql("update periods set status = 'CLOSED', closed_at = :now where period = :p and status = 'OPEN'")
                .bind("p", period.toString()).bind("now", now)
                .fetch().rowsUpdated().map(updated -> updated == 1);
    }

    /**
     * CLEARED → SETTLED when every statement is confirmed and the reconciliation MATCHED. This statement is the one
     * place that rule lives: it is decided under the period row's lock, against the rows as committed.
     *
     * @return true if the month became SETTLED now
     */
    public Mono<Boolean> settleIfComplete(Period period, Instant now) {
        return db.sql("""
                        update periods set status = 'SETTLED', settled_at = :now
                        where period = :p and status = 'CLEARED'
                          and exists (select 1 from reconciliations r where r.period = :p and r.status = 'MATCHED')
                          and not exists (select 1 from statements s where s.period = :p and s.status <> 'CONFIRMED')""")
                .bind("p", period.toString()).bind("now", now)
                .fetch().rowsUpdated().map(updated -> updated == 1);
    }

    /** Months still OPEN, oldest first. */
    public Flux<Period> open() {
        return db.sql("select period from periods where status = 'OPEN' order by period")
                .map(row -> Period.parse(Rows.text(row, "period"))).all();
    }
}
