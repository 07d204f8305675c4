package cn.mutualaid.settlement.statement;

import cn.mutualaid.contracts.settlement.StatementConfirmed;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.settlement.Rows;
import cn.mutualaid.settlement.clearing.Period;
import cn.mutualaid.settlement.clearing.PeriodSettlement;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Province statements: read with their breakdown, and confirmed by the province's agency. */
@Component
public class Statements {
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final PeriodSettlement settlement;
    private final Audit audit;
    private final Clock clock;

    public Statements(DatabaseClient db, TransactionalOperator tx, Outbox outbox, PeriodSettlement settlement,
            Audit audit, Clock clock) {
        this.audit = audit;
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.settlement = settlement;
        this.clock = clock;
    }

    public Mono<StatementView> view(Period period, String province) {
        String p = period.toString();
        Mono<List<StatementView.Counterpart>> counterparts = db.sql("""
                        select other, sum(pay)::bigint pay, sum(pay_uses)::bigint pay_uses, sum(rec)::bigint rec,
                               sum(rec_uses)::bigint rec_uses
                        from (select spend_province other, amount_fen pay, uses pay_uses, 0 rec, 0 rec_uses
                              from positions where period = :p and fund_province = :province
                              union all
                              select fund_province, 0, 0, amount_fen, uses
                              from positions where period = :p and spend_province = :province) x
                        group by other order by other""")
                .bind("p", p).bind("province", province)
                .map(row -> new StatementView.Counterpart(Rows.text(row, "other"), Rows.longOf(row, "pay"),
                        Rows.longOf(row, "pay_uses"), Rows.longOf(row, "rec"), Rows.longOf(row, "rec_uses"),
                        Rows.longOf(row, "rec") - Rows.longOf(row, "pay")))
                .all().collectList();
        Mono<List<StatementView.Area>> areas = db.sql("""
                        select * from statement_areas where period = :p and province = :province order by pooling_area""")
                .bind("p", p).bind("province", province)
                .map(row -> area(row))
                .all().collectList();
        return db.sql("select * from statements where period = :p and province = :province")
                .bind("p", p).bind("province", province)
                .map(Statements::header)
                .one()
                .flatMap(header -> Mono.zip(counterparts, areas).map(both -> header.with(both.getT1(), both.getT2())))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("statement")));
    }

    /** The month's statements (headers only), by province. */
    public Flux<StatementView> list(Period period, int page, int size) {
        return db.sql("select * from statements where period = :p order by province limit :limit offset :offset")
                .bind("p", period.toString()).bind("limit", size).bind("offset", (long) page * size)
                .map(row -> header(row).with(List.of(), List.of()))
                .all();
    }

    /**
     * Confirms once; confirming again returns the statement unchanged. The period row is locked first so that the
     * last confirmation of a month reliably sees all the others and settles it.
     */
    public Mono<StatementView> confirm(Period period, String province, Caller caller) {
        String p = period.toString();
        String confirmedBy = caller.subject();
        Instant now = clock.instant();
        Mono<Boolean> work = settlement.lock(period)
                .then(db.sql("""
                                update statements set status = 'CONFIRMED', confirmed_by = :by, confirmed_at = :now
                                where period = :p and province = :province and status = 'ISSUED'""")
                        .bind("p", p).bind("province", province).bind("by", confirmedBy).bind("now", now)
                        .fetch().rowsUpdated())
                .flatMap(updated -> updated == 0
                        ? Mono.just(false)
                        : outbox.append(new StatementConfirmed(p, province, confirmedBy, now), province)
                                .then(audit.record(caller, "statement.confirm", "statement", p + "/" + province,
                                        province, Map.of("period", p, "status", "CONFIRMED")))
                                .then(settlement.trySettle(period)));
        return view(period, province)
                .flatMap(found -> tx.transactional(work))
                .then(view(period, province));
    }

    private static HeaderView header(Readable row) {
        return new HeaderView(Rows.text(row, "period"), Rows.text(row, "province"), Rows.text(row, "status"),
                Rows.longOf(row, "payable_fen"), Rows.longOf(row, "payable_uses"), Rows.longOf(row, "receivable_fen"),
                Rows.longOf(row, "receivable_uses"), Rows.longOf(row, "net_fen"), Rows.longOf(row, "within_fen"),
                Rows.longOf(row, "within_uses"), Rows.instant(row, "issued_at"), Rows.text(row, "confirmed_by"),
                Rows.instant(row, "confirmed_at"));
    }

    private record HeaderView(String period, String province, String status, long payableFen, long payableUses,
            long receivableFen, long receivableUses, long netFen, long withinFen, long withinUses, Instant issuedAt,
            String confirmedBy, Instant confirmedAt) {
        StatementView with(List<StatementView.Counterpart> counterparts, List<StatementView.Area> areas) {
            return new StatementView(period, province, status, payableFen, payableUses, receivableFen, receivableUses,
                    netFen, withinFen, withinUses, issuedAt, confirmedBy, confirmedAt, counterparts, areas);
        }
    }

    private static StatementView.Area area(Readable row) {
        long payable = Rows.longOf(row, "payable_fen");
        long receivable = Rows.longOf(row, "receivable_fen");
        long withinFund = Rows.longOf(row, "within_fund_fen");
        long withinSpend = Rows.longOf(row, "within_spend_fen");
        return new StatementView.Area(Rows.text(row, "pooling_area"), payable, Rows.longOf(row, "payable_uses"),
                receivable, Rows.longOf(row, "receivable_uses"), withinFund, Rows.longOf(row, "within_fund_uses"),
                withinSpend, Rows.longOf(row, "within_spend_uses"), receivable - payable + withinSpend - withinFund);
    }
}
