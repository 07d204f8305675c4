package cn.mutualaid.settlement.clearing.store;

import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.clearing.domain.Positions;
import cn.mutualaid.settlement.period.domain.Period;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a month shows: its row (a cleared month's totals are frozen there), the running totals of a month still
 * OPEN, its statements' confirmations, and the cleared positions and nets.
 */
@Component
public record SummaryStore(DatabaseClient db) {
    /** The month's row, without statements and reconciliation; empty when the month has no row yet. */
    public Mono<PeriodView> stored(Period period) {
        String p = period.toString();
        return db.sql("select * from periods where period = :p").bind("p", p)
                .map(row -> new PeriodView(p, Rows.text(row, "status"), Rows.longOf(row, "total_fen"),
                        Rows.longOf(row, "uses"), Rows.longOf(row, "cross_province_fen"), Rows.longOf(row, "late_lines"),
                        Rows.longOf(row, "late_fen"), Rows.instant(row, "closed_at"), Rows.instant(row, "cleared_at"),
                        Rows.instant(row, "settled_at"), null, null, List.of()))
                .one();
    }

    /** An OPEN month's figures so far, from its lines (partitions after the month unread, as in the close). */
    public Mono<PeriodView> runningTotals(PeriodView base) {
        return db.sql("""
                        select coalesce(sum(amount_fen), 0)::bigint total, coalesce(sum(uses), 0)::bigint uses,
                               coalesce(sum(amount_fen) filter (where fund_province <> spend_province), 0)::bigint cross_fen,
                               count(*) filter (where late) late_lines,
                               coalesce(sum(amount_fen) filter (where late), 0)::bigint late_fen
                        from clearing_lines where period = :p and event_month <= :p""")
                .bind("p", base.period())
                .map(row -> new PeriodView(base.period(), base.status(), Rows.longOf(row, "total"), Rows.longOf(row, "uses"),
                        Rows.longOf(row, "cross_fen"), Rows.longOf(row, "late_lines"), Rows.longOf(row, "late_fen"),
                        null, null, null, null, null, List.of()))
                .one();
    }

    public Mono<PeriodView.StatementCount> statementCount(Period period) {
        return db.sql("""
                        select count(*) issued, count(*) filter (where status = 'CONFIRMED') confirmed
                        from statements where period = :p""")
                .bind("p", period.toString())
                .map(row -> new PeriodView.StatementCount(Rows.longOf(row, "issued"), Rows.longOf(row, "confirmed")))
                .one();
    }

    public Flux<Positions.Position> positions(Period period) {
        return db.sql("""
                        select fund_province, spend_province, amount_fen, uses from positions where period = :p
                        order by fund_province, spend_province""")
                .bind("p", period.toString())
                .map(row -> new Positions.Position(Rows.text(row, "fund_province"),
                        Rows.text(row, "spend_province"), Rows.longOf(row, "amount_fen"), Rows.longOf(row, "uses")))
                .all();
    }

    /** The nets of the provinces that took part in cross-province money (or uses) this month. */
    public Flux<Positions.Net> nets(Period period) {
        return db.sql("""
                        select province, payable_fen, receivable_fen, net_fen from statements where period = :p
                          and (payable_fen <> 0 or receivable_fen <> 0 or payable_uses <> 0 or receivable_uses <> 0)
                        order by province""")
                .bind("p", period.toString())
                .map(row -> new Positions.Net(Rows.text(row, "province"), Rows.longOf(row, "payable_fen"),
                        Rows.longOf(row, "receivable_fen"), Rows.longOf(row, "net_fen")))
                .all();
    }
}
