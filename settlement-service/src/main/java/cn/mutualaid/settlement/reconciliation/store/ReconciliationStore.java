package cn.mutualaid.settlement.reconciliation.store;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.wallet.MonthTotal;
import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.reconciliation.domain.Reconciliation;
import cn.mutualaid.settlement.reconciliation.domain.Reconciliation.Difference;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/** The wallet's month totals as received, and each month's latest reconciliation. */
@Component
public record ReconciliationStore(DatabaseClient db) {
    private static final TypeReference<List<Difference>> DIFFERENCES = new TypeReference<>() {
    };

    /** The latest message for a month replaces the earlier one; cells repeated within it add up. */
    public Mono<Void> replaceWalletTotals(Period period, List<MonthTotal> cells) {
        String p = period.toString();
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
                .then(insert).then();
    }

    /**
     * The cells where the clearing lines and the wallet disagree: captured and refunded fen per (fund province,
     * spend province, category), lines counted by the month they happened in (event month), not the one they were
     * booked to.
     */
    public Flux<Difference> differences(Period period) {
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
                .bind("p", period.toString())
                .map(row -> new Difference(Rows.text(row, "fund_province"),
                        Rows.text(row, "spend_province"), Rows.text(row, "category"),
                        Rows.longOf(row, "wallet_captured"), Rows.longOf(row, "clearing_captured"),
                        Rows.longOf(row, "wallet_refunded"), Rows.longOf(row, "clearing_refunded")))
                .all();
    }

    public Mono<Void> save(Period period, Reconciliation reconciliation) {
        return db.sql("""
                        insert into reconciliations (period, status, differences, checked_at)
                        values (:p, :status, :differences, :now)
                        on conflict (period) do update set status = excluded.status,
                            differences = excluded.differences, checked_at = excluded.checked_at""")
                .bind("p", period.toString())
                .bind("status", reconciliation.status())
                .bind("differences", Contracts.mapper().writeValueAsString(reconciliation.differences()))
                .bind("now", reconciliation.checkedAt())
                .fetch().rowsUpdated().then();
    }

    public Mono<Boolean> exists(Period period) {
        return db.sql("select 1 from reconciliations where period = :p").bind("p", period.toString())
                .map(row -> true).one().defaultIfEmpty(false);
    }

    public Mono<Reconciliation> find(Period period) {
        return db.sql("select status, differences, checked_at from reconciliations where period = :p")
                .bind("p", period.toString())
                .map(row -> new Reconciliation(Rows.text(row, "status"), Rows.instant(row, "checked_at"),
                        Contracts.mapper().readValue(Rows.text(row, "differences"), DIFFERENCES)))
                .one();
    }
}
