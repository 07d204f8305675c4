package cn.mutualaid.settlement.clearing.store;

import cn.mutualaid.contracts.settlement.PeriodClosed;
import cn.mutualaid.contracts.settlement.StatementIssued;
import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.period.domain.Period;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The clearing of a frozen month, each step one set-based statement: the month's lines are read once (GROUP BY into
 * period_cells); positions, statements and their pooling-area breakdown derive from those cells, so no work is per
 * line. Sums are exact: cast to bigint, they fail rather than wrap.
 */
@Component
public record ClearingStore(DatabaseClient db) {
    /**
     * The month's lines grouped once by fund area × spend area × category × scope. A line is booked to its event
     * month or a later one, never an earlier: {@code event_month <= period} leaves later months' partitions unread.
     */
    public Mono<Void> aggregateCells(Period period) {
        return run(period, """
                insert into period_cells (period, fund_province, fund_area, spend_province, spend_area, category, scope,
                    amount_fen, uses, lines, late_lines, late_fen)
                select period, fund_province, fund_area, spend_province, spend_area, category, scope,
                       sum(amount_fen)::bigint, sum(uses)::bigint, count(*), count(*) filter (where late),
                       coalesce(sum(amount_fen) filter (where late), 0)::bigint
                from clearing_lines where period = :p and event_month <= :p
                group by period, fund_province, fund_area, spend_province, spend_area, category, scope""");
    }

    /** 清分: cross-province money only (fund province differs from spend province). */
    public Mono<Void> clearPositions(Period period) {
        return run(period, """
                insert into positions (period, fund_province, spend_province, amount_fen, uses)
                select period, fund_province, spend_province, sum(amount_fen)::bigint, sum(uses)::bigint
                from period_cells where period = :p and fund_province <> spend_province
                group by period, fund_province, spend_province""");
    }

    /** One statement per province: payable as fund province, receivable as spend province, within-province money. */
    public Mono<Void> issueStatements(Period period, Instant now) {
        return db.sql("""
                        insert into statements (period, province, payable_fen, payable_uses, receivable_fen, receivable_uses,
                            net_fen, within_fen, within_uses, status, issued_at)
                        select :p, province, sum(pay)::bigint, sum(pay_uses)::bigint, sum(rec)::bigint, sum(rec_uses)::bigint,
                               (sum(rec) - sum(pay))::bigint, sum(inside)::bigint, sum(inside_uses)::bigint, 'ISSUED', :now
                        from (
                            select fund_province province, amount_fen pay, uses pay_uses, 0 rec, 0 rec_uses, 0 inside, 0 inside_uses
                            from positions where period = :p
                            union all
                            select spend_province, 0, 0, amount_fen, uses, 0, 0 from positions where period = :p
                            union all
                            select fund_province, 0, 0, 0, 0, amount_fen, uses
                            from period_cells where period = :p and fund_province = spend_province
                        ) x group by province""")
                .bind("p", period.toString()).bind("now", now)
                .fetch().rowsUpdated().then();
    }

    /** Each statement's pooling-area breakdown (省市分级清算). */
    public Mono<Void> breakDownByArea(Period period) {
        return run(period, """
                insert into statement_areas (period, province, pooling_area, payable_fen, payable_uses,
                    receivable_fen, receivable_uses, within_fund_fen, within_fund_uses, within_spend_fen, within_spend_uses)
                select :p, province, area, sum(pay)::bigint, sum(pay_uses)::bigint, sum(rec)::bigint, sum(rec_uses)::bigint,
                       sum(wfund)::bigint, sum(wfund_uses)::bigint, sum(wspend)::bigint, sum(wspend_uses)::bigint
                from (
                    select fund_province province, fund_area area, amount_fen pay, uses pay_uses, 0 rec, 0 rec_uses,
                           0 wfund, 0 wfund_uses, 0 wspend, 0 wspend_uses
                    from period_cells where period = :p and fund_province <> spend_province
                    union all
                    select spend_province, spend_area, 0, 0, amount_fen, uses, 0, 0, 0, 0
                    from period_cells where period = :p and fund_province <> spend_province
                    union all
                    select fund_province, fund_area, 0, 0, 0, 0, amount_fen, uses, 0, 0
                    from period_cells where period = :p and fund_province = spend_province
                    union all
                    select spend_province, spend_area, 0, 0, 0, 0, 0, 0, amount_fen, uses
                    from period_cells where period = :p and fund_province = spend_province
                ) x group by province, area""");
    }

    /** Each province's net of the month, by province. */
    public Mono<Map<String, Long>> nets(Period period) {
        return db.sql("select province, net_fen from statements where period = :p").bind("p", period.toString())
                .map(row -> Map.entry(Rows.text(row, "province"), Rows.longOf(row, "net_fen")))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** CLOSED → CLEARED with the month's totals from its cells; the totals are what PeriodClosed announces. */
    public Mono<PeriodClosed> markCleared(Period period, Instant now) {
        String p = period.toString();
        return db.sql("""
                        update periods set status = 'CLEARED', cleared_at = :now,
                            total_fen = t.total, uses = t.uses, cross_province_fen = t.cross_fen,
                            late_lines = t.late_lines, late_fen = t.late_fen
                        from (select coalesce(sum(amount_fen), 0)::bigint total, coalesce(sum(uses), 0)::bigint uses,
                                     coalesce(sum(amount_fen) filter (where fund_province <> spend_province), 0)::bigint cross_fen,
                                     coalesce(sum(late_lines), 0)::bigint late_lines, coalesce(sum(late_fen), 0)::bigint late_fen
                              from period_cells where period = :p) t
                        where period = :p and status = 'CLOSED'
                        returning total_fen, periods.uses, cross_province_fen""")
                .bind("p", p).bind("now", now)
                .map(row -> new PeriodClosed(p, Rows.longOf(row, "total_fen"), Rows.longOf(row, "uses"),
                        Rows.longOf(row, "cross_province_fen"), now))
                .one();
    }

    /** The month's statements as issued, by province. */
    public Flux<StatementIssued> issued(Period period, Instant now) {
        String p = period.toString();
        return db.sql("select province, payable_fen, receivable_fen, net_fen from statements where period = :p order by province")
                .bind("p", p)
                .map(row -> new StatementIssued(p, Rows.text(row, "province"), Rows.longOf(row, "payable_fen"),
                        Rows.longOf(row, "receivable_fen"), Rows.longOf(row, "net_fen"), now))
                .all();
    }

    private Mono<Void> run(Period period, String sql) {
        return db.sql(sql).bind("p", period.toString()).fetch().rowsUpdated().then();
    }
}
