package cn.mutualaid.settlement.reconciliation;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.wallet.MonthTotal;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.settlement.Rows;
import cn.mutualaid.settlement.clearing.Period;
import cn.mutualaid.settlement.clearing.PeriodSettlement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * Reconciles a month's clearing lines with the wallet's ledger to the fen. The wallet answers settlement's
 * PeriodClosed with WalletMonthTotals; both sides count a line in the month (China time) of its capture or refund,
 * so late-booked lines are compared by their event month, not the period they were booked to. Money is compared
 * (captured and refunded fen per fund province, spend province and category); counts are kept but not compared,
 * since the wallet counts payments and clearing counts payment lines.
 */
@Component
public class Reconciliation {
    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final TypeReference<List<ReconciliationView.Difference>> DIFFERENCES = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final PeriodSettlement settlement;
    private final Clock clock;

    public Reconciliation(DatabaseClient db, PeriodSettlement settlement, Clock clock) {
        this.db = db;
        this.settlement = settlement;
        this.clock = clock;
    }

    /** Stores the wallet's totals for the month (replacing earlier ones), reconciles, and settles if now possible. */
    public Mono<ReconciliationView> walletTotals(WalletMonthTotals totals) {
        Period period;
        try {
            period = Period.parse(totals.period());
        } catch (RuntimeException e) {
            // Retrying cannot fix a malformed message: record it as handled and say so.
            log.error("ignoring WalletMonthTotals with period '{}'", totals.period());
            return Mono.empty();
        }
        String p = period.toString();
        List<MonthTotal> cells = totals.totals() == null ? List.of() : totals.totals();
        Mono<Long> insert = cells.isEmpty() ? Mono.just(0L) : db.sql("""
                        insert into wallet_month_totals (period, fund_province, spend_province, category,
                            captured_fen, refunded_fen, captures, refunds)
                        select :p, f, s, c, cap, ref, caps, refs
                        from unnest(:f::text[], :s::text[], :c::text[], :cap::int8[], :ref::int8[], :caps::int8[], :refs::int8[])
                             as t(f, s, c, cap, ref, caps, refs)
                        on conflict (period, fund_province, spend_province, category) do update set
                            captured_fen = wallet_month_totals.captured_fen + excluded.captured_fen,
                            refunded_fen = wallet_month_totals.refunded_fen + excluded.refunded_fen,
                            captures = wallet_month_totals.captures + excluded.captures,
                            refunds = wallet_month_totals.refunds + excluded.refunds""")
                .bind("p", p)
                .bind("f", cells.stream().map(MonthTotal::fundProvince).toArray(String[]::new))
                .bind("s", cells.stream().map(MonthTotal::spendProvince).toArray(String[]::new))
                .bind("c", cells.stream().map(t -> t.category().name()).toArray(String[]::new))
                .bind("cap", cells.stream().map(MonthTotal::capturedFen).toArray(Long[]::new))
                .bind("ref", cells.stream().map(MonthTotal::refundedFen).toArray(Long[]::new))
                .bind("caps", cells.stream().map(MonthTotal::captures).toArray(Long[]::new))
                .bind("refs", cells.stream().map(MonthTotal::refunds).toArray(Long[]::new))
                .fetch().rowsUpdated();
        return db.sql("delete from wallet_month_totals where period = :p").bind("p", p).fetch().rowsUpdated()
                .then(insert)
                .then(reconcile(period));
    }

    /** After a late line for {@code period}: if the wallet's totals are in, compare again. */
    public Mono<ReconciliationView> recheck(Period period) {
        return db.sql("select 1 from reconciliations where period = :p").bind("p", period.toString())
                .map(row -> 1).one()
                .flatMap(found -> reconcile(period));
    }

    public Mono<ReconciliationView> view(Period period) {
        return db.sql("select status, differences, checked_at from reconciliations where period = :p")
                .bind("p", period.toString())
                .map(row -> new ReconciliationView(Rows.text(row, "status"), Rows.instant(row, "checked_at"),
                        Contracts.mapper().readValue(Rows.text(row, "differences"), DIFFERENCES)))
                .one()
                .defaultIfEmpty(ReconciliationView.pending());
    }

    private Mono<ReconciliationView> reconcile(Period period) {
        String p = period.toString();
        Instant now = clock.instant();
        return db.sql("""
                        with ours as (
                            select fund_province, spend_province, category,
                                   coalesce(sum(amount_fen) filter (where kind = 'CAPTURE'), 0)::bigint captured,
                                   coalesce(-sum(amount_fen) filter (where kind = 'REFUND'), 0)::bigint refunded
                            from clearing_lines where event_month = :p
                            group by fund_province, spend_province, category),
                        theirs as (
                            select fund_province, spend_province, category, captured_fen captured, refunded_fen refunded
                            from wallet_month_totals where period = :p)
                        select fund_province, spend_province, category,
                               coalesce(t.captured, 0) wallet_captured, coalesce(o.captured, 0) clearing_captured,
                               coalesce(t.refunded, 0) wallet_refunded, coalesce(o.refunded, 0) clearing_refunded
                        from ours o full join theirs t using (fund_province, spend_province, category)
                        where coalesce(t.captured, 0) <> coalesce(o.captured, 0)
                           or coalesce(t.refunded, 0) <> coalesce(o.refunded, 0)
                        order by fund_province, spend_province, category""")
                .bind("p", p)
                .map(row -> new ReconciliationView.Difference(Rows.text(row, "fund_province"),
                        Rows.text(row, "spend_province"), Rows.text(row, "category"),
                        Rows.longOf(row, "wallet_captured"), Rows.longOf(row, "clearing_captured"),
                        Rows.longOf(row, "wallet_refunded"), Rows.longOf(row, "clearing_refunded")))
                .all()
                .collectList()
                .flatMap(differences -> {
                    var view = new ReconciliationView(differences.isEmpty() ? ReconciliationView.MATCHED
                            : ReconciliationView.MISMATCH, now, differences);
                    if (!differences.isEmpty()) {
                        log.warn("reconciliation of {} against the wallet: MISMATCH in {} cells", p, differences.size());
                    }
                    return db.sql("""
                                    insert into reconciliations (period, status, differences, checked_at)
                                    values (:p, :status, :differences, :now)
                                    on conflict (period) do update set status = excluded.status,
                                        differences = excluded.differences, checked_at = excluded.checked_at""")
                            .bind("p", p)
                            .bind("status", view.status())
                            .bind("differences", Contracts.mapper().writeValueAsString(differences))
                            .bind("now", now)
                            .fetch().rowsUpdated()
                            .then(settlement.trySettle(period))
                            .thenReturn(view);
                });
    }
}
