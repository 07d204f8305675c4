package cn.mutualaid.settlement.clearing;

import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.settlement.Rows;
import cn.mutualaid.settlement.reconciliation.Reconciliation;
import cn.mutualaid.settlement.reconciliation.ReconciliationView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Months: their state, closing (which clears them), and the national positions. */
@Component
public class Periods {
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final NationalClearing clearing;
    private final Reconciliation reconciliation;
    private final Audit audit;
    private final Clock clock;

    public Periods(DatabaseClient db, TransactionalOperator tx, NationalClearing clearing, Reconciliation reconciliation,
            Audit audit, Clock clock) {
        this.audit = audit;
        this.db = db;
        this.tx = tx;
        this.clearing = clearing;
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    /**
     * Freezes the month and clears it, in one transaction: OPEN → CLOSED → CLEARED. Idempotent: a month that is no
     * longer OPEN is left as it is. A month still running cannot be closed.
     */
    public Mono<PeriodView> close(Period period) {
        return close(period, null);
    }

    /** As {@link #close(Period)}, by a person: the close is audited in its transaction (the scheduler's is not). */
    public Mono<PeriodView> close(Period period, Caller caller) {
        if (!period.hasEnded(clock.instant())) {
            return Mono.error(ApiException.conflict("PERIOD_NOT_ENDED",
                    "month " + period + " has not ended yet (China time); it can be closed from " + period.end()));
        }
        String p = period.toString();
        Mono<Void> work = db.sql("insert into periods (period) values (:p) on conflict do nothing").bind("p", p)
                .fetch().rowsUpdated()
                .then(db.sql("update periods set status = 'CLOSED', closed_at = :now where period = :p and status = 'OPEN'")
                        .bind("p", p).bind("now", clock.instant())
                        .fetch().rowsUpdated())
                // The wallet may have answered early (before the close): compare again with the month complete.
                .flatMap(frozen -> frozen == 1 ? clearing.clear(period).then(reconciliation.recheck(period))
                        .then(caller == null ? Mono.empty() : audit.record(caller, "period.close", "period", p, null,
                                Map.of("status", "CLEARED")))
                        .then()
                        : Mono.empty());
        return tx.transactional(work).then(view(period));
    }

    /** A month nobody has booked or closed yet reads as OPEN and empty. */
    public Mono<PeriodView> view(Period period) {
        String p = period.toString();
        Mono<PeriodView> stored = db.sql("select * from periods where period = :p").bind("p", p)
                .map(row -> new PeriodView(p, Rows.text(row, "status"), Rows.longOf(row, "total_fen"),
                        Rows.longOf(row, "uses"), Rows.longOf(row, "cross_province_fen"), Rows.longOf(row, "late_lines"),
                        Rows.longOf(row, "late_fen"), Rows.instant(row, "closed_at"), Rows.instant(row, "cleared_at"),
                        Rows.instant(row, "settled_at"), null, null, List.of()))
                .one()
                .defaultIfEmpty(new PeriodView(p, PeriodView.OPEN, 0, 0, 0, 0, 0, null, null, null, null, null, List.of()));
        return stored.flatMap(base -> PeriodView.OPEN.equals(base.status()) ? withRunningTotals(base) : Mono.just(base))
                .zipWith(statementCount(p))
                .zipWith(reconciliation.view(period))
                .map(all -> {
                    PeriodView base = all.getT1().getT1();
                    PeriodView.StatementCount count = all.getT1().getT2();
                    ReconciliationView rec = all.getT2();
                    return new PeriodView(base.period(), base.status(), base.totalFen(), base.uses(),
                            base.crossProvinceFen(), base.lateLines(), base.lateFen(), base.closedAt(), base.clearedAt(),
                            base.settledAt(), count, rec, blockers(base.status(), count, rec));
                });
    }

    /** Cross-province positions of a cleared month and each province's net. */
    public Mono<PositionsView> positions(Period period) {
        String p = period.toString();
        return view(period).flatMap(v -> {
            if (!PeriodView.CLEARED.equals(v.status()) && !PeriodView.SETTLED.equals(v.status())) {
                return Mono.error(ApiException.conflict("PERIOD_NOT_CLEARED",
                        "month " + p + " is " + v.status() + "; positions exist once it is closed and cleared"));
            }
            Mono<List<PositionsView.Position>> positions = db.sql("""
                            select fund_province, spend_province, amount_fen, uses from positions where period = :p
                            order by fund_province, spend_province""")
                    .bind("p", p)
                    .map(row -> new PositionsView.Position(Rows.text(row, "fund_province"),
                            Rows.text(row, "spend_province"), Rows.longOf(row, "amount_fen"), Rows.longOf(row, "uses")))
                    .all().collectList();
            Mono<List<PositionsView.Net>> nets = db.sql("""
                            select province, payable_fen, receivable_fen, net_fen from statements where period = :p
                              and (payable_fen <> 0 or receivable_fen <> 0 or payable_uses <> 0 or receivable_uses <> 0)
                            order by province""")
                    .bind("p", p)
                    .map(row -> new PositionsView.Net(Rows.text(row, "province"), Rows.longOf(row, "payable_fen"),
                            Rows.longOf(row, "receivable_fen"), Rows.longOf(row, "net_fen")))
                    .all().collectList();
            return Mono.zip(positions, nets).map(both -> new PositionsView(p, v.status(), both.getT1(), both.getT2()));
        });
    }

    /** Months still OPEN, oldest first (for the scheduler). */
    public Flux<Period> open() {
        return db.sql("select period from periods where status = 'OPEN' order by period")
                .map(row -> Period.parse(Rows.text(row, "period"))).all();
    }

    private Mono<PeriodView> withRunningTotals(PeriodView base) {
        return db.sql("""
                        select coalesce(sum(amount_fen), 0)::bigint total, coalesce(sum(uses), 0)::bigint uses,
                               coalesce(sum(amount_fen) filter (where fund_province <> spend_province), 0)::bigint cross_fen,
                               count(*) filter (where late) late_lines,
                               coalesce(sum(amount_fen) filter (where late), 0)::bigint late_fen
                        from clearing_lines where period = :p""")
                .bind("p", base.period())
                .map(row -> new PeriodView(base.period(), base.status(), Rows.longOf(row, "total"), Rows.longOf(row, "uses"),
                        Rows.longOf(row, "cross_fen"), Rows.longOf(row, "late_lines"), Rows.longOf(row, "late_fen"),
                        null, null, null, null, null, List.of()))
                .one();
    }

    private Mono<PeriodView.StatementCount> statementCount(String p) {
        return db.sql("""
                        select count(*) issued, count(*) filter (where status = 'CONFIRMED') confirmed
                        from statements where period = :p""")
                .bind("p", p)
                .map(row -> new PeriodView.StatementCount(Rows.longOf(row, "issued"), Rows.longOf(row, "confirmed")))
                .one();
    }

    private static List<String> blockers(String status, PeriodView.StatementCount count, ReconciliationView rec) {
        List<String> blockers = new ArrayList<>();
        if (!PeriodView.CLEARED.equals(status)) {
            return blockers;
        }
        if (count.confirmed() < count.issued()) {
            blockers.add("STATEMENTS_UNCONFIRMED");
        }
        if (ReconciliationView.PENDING.equals(rec.status())) {
            blockers.add("RECONCILIATION_PENDING");
        } else if (ReconciliationView.MISMATCH.equals(rec.status())) {
            blockers.add("RECONCILIATION_MISMATCH");
        }
        return blockers;
    }
}
