package cn.mutualaid.settlement.statement.store;

import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.statement.domain.Statement;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Province statements as the close issued them, their breakdown, and their confirmation (ISSUED → CONFIRMED). */
@Component
public record StatementStore(DatabaseClient db) {
    /** The statement without its breakdown (empty lists); empty when the province has none that month. */
    public Mono<Statement> header(Period period, String province) {
        return db.sql("select * from statements where period = :p and province = :province")
                .bind("p", period.toString()).bind("province", province)
                .map(StatementStore::header)
                .one();
    }

    /** The month's statements (headers only), by province. */
    public Flux<Statement> headers(Period period, int page, int size) {
        return db.sql("select * from statements where period = :p order by province limit :limit offset :offset")
                .bind("p", period.toString()).bind("limit", size).bind("offset", (long) page * size)
                .map(StatementStore::header)
                .all();
    }

    /** This province against each other province, from the month's positions. */
    public Flux<Statement.Counterpart> counterparts(Period period, String province) {
        return db.sql("""
                        select other, sum(pay)::bigint pay, sum(pay_uses)::bigint pay_uses, sum(rec)::bigint rec,
                               sum(rec_uses)::bigint rec_uses
                        from (select spend_province other, amount_fen pay, uses pay_uses, 0 rec, 0 rec_uses
                              from positions where period = :p and fund_province = :province
                              union all
                              select fund_province, 0, 0, amount_fen, uses
                              from positions where period = :p and spend_province = :province) x
                        group by other order by other""")
                .bind("p", period.toString()).bind("province", province)
                .map(row -> Statement.Counterpart.of(Rows.text(row, "other"), Rows.longOf(row, "pay"),
                        Rows.longOf(row, "pay_uses"), Rows.longOf(row, "rec"), Rows.longOf(row, "rec_uses")))
                .all();
    }

    public Flux<Statement.Area> areas(Period period, String province) {
        return db.sql("select * from statement_areas where period = :p and province = :province order by pooling_area")
                .bind("p", period.toString()).bind("province", province)
                .map(row -> Statement.Area.of(Rows.text(row, "pooling_area"), Rows.longOf(row, "payable_fen"),
                        Rows.longOf(row, "payable_uses"), Rows.longOf(row, "receivable_fen"),
                        Rows.longOf(row, "receivable_uses"), Rows.longOf(row, "within_fund_fen"),
                        Rows.longOf(row, "within_fund_uses"), Rows.longOf(row, "within_spend_fen"),
                        Rows.longOf(row, "within_spend_uses")))
                .all();
    }

    /** ISSUED → CONFIRMED; false when it was confirmed already (or does not exist). */
    public Mono<Boolean> confirm(Period period, String province, String confirmedBy, Instant now) {
        return db.sql("""
                        update statements set status = 'CONFIRMED', confirmed_by = :by, confirmed_at = :now
                        where period = :p and province = :province and status = 'ISSUED'""")
                .bind("p", period.toString()).bind("province", province).bind("by", confirmedBy).bind("now", now)
                .fetch().rowsUpdated().map(updated -> updated == 1);
    }

    private static Statement header(Readable row) {
        return new Statement(Rows.text(row, "period"), Rows.text(row, "province"), Rows.text(row, "status"),
                Rows.longOf(row, "payable_fen"), Rows.longOf(row, "payable_uses"), Rows.longOf(row, "receivable_fen"),
                Rows.longOf(row, "receivable_uses"), Rows.longOf(row, "net_fen"), Rows.longOf(row, "within_fen"),
                Rows.longOf(row, "within_uses"), Rows.instant(row, "issued_at"), Rows.text(row, "confirmed_by"),
                Rows.instant(row, "confirmed_at"), List.of(), List.of());
    }
}
