package cn.mutualaid.settlement.prepaid.store;

import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.prepaid.domain.Fund;
import cn.mutualaid.settlement.prepaid.domain.FundEntry;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Prepaid funds and their journal. Every movement is a journal entry written with the balance change it makes. */
@Component
public record PrepaidFundStore(DatabaseClient db) {
    private static final String FUND = "select province, balance_fen, required_fen, status, updated_at from prepaid_funds";
    private static final String ENTRY = "select id, province, kind, amount_fen, reference, period, at from prepaid_journal";

    /** A province's net outflow summed over the last settled periods, and how many periods that is. */
    public record Outflow(long fen, long periods) {
    }

    /** Moves every fund of a settled period by its statement's net (the caller holds {@link #lockAll}). */
    public Mono<Void> settle(String period, Instant now) {
        return db.sql("""
                        insert into prepaid_journal (province, kind, amount_fen, reference, period, at)
                        select province, case when net_fen < 0 then 'SETTLEMENT_DRAW' else 'SETTLEMENT_CREDIT' end,
                               net_fen, 'SETTLEMENT-' || :p, :p, :now
                        from statements where period = :p and net_fen <> 0""")
                .bind("p", period).bind("now", now).fetch().rowsUpdated()
                .then(db.sql("""
                                update prepaid_funds f set balance_fen = f.balance_fen + s.net_fen, updated_at = :now
                                from statements s where s.period = :p and s.province = f.province and s.net_fen <> 0""")
                        .bind("p", period).bind("now", now).fetch().rowsUpdated())
                .then();
    }

    /** Opens a fund for every province with a statement in the period. */
    public Mono<Void> openForStatements(String period, Instant now) {
        return db.sql("""
                        insert into prepaid_funds (province, updated_at) select province, :now from statements
                        where period = :p on conflict do nothing""")
                .bind("p", period).bind("now", now).fetch().rowsUpdated().then();
    }

    public Mono<Void> open(String province, Instant now) {
        return db.sql("insert into prepaid_funds (province, updated_at) values (:province, :now) on conflict do nothing")
                .bind("province", province).bind("now", now).fetch().rowsUpdated().then();
    }

    /** Takes every fund's row lock in province order: settlements and top-ups never deadlock each other. */
    public Mono<Void> lockAll() {
        return db.sql("select province from prepaid_funds order by province for update").fetch().all().then();
    }

    /**
     * Writes a top-up's journal entry and adds it to the balance, unless the balance would pass
     * {@link Fen#MAX_BALANCE}: the ceiling keeps a fund's balance, and sums over funds, far from 64-bit overflow.
     *
     * @return false (and the caller's transaction must roll back the entry) when the ceiling refused it
     */
    public Mono<Boolean> topUp(String province, long amountFen, String reference, Instant now) {
        return db.sql("""
                        insert into prepaid_journal (province, kind, amount_fen, reference, at)
                        values (:province, 'TOP_UP', :amount, :reference, :now)""")
                .bind("province", province).bind("amount", amountFen).bind("reference", reference).bind("now", now)
                .fetch().rowsUpdated()
                .then(db.sql("""
                                update prepaid_funds set balance_fen = balance_fen + :amount, updated_at = :now
                                where province = :province and balance_fen <= :max - :amount""")
                        .bind("province", province).bind("amount", amountFen).bind("now", now)
                        .bind("max", Fen.MAX_BALANCE)
                        .fetch().rowsUpdated())
                .map(updated -> updated == 1);
    }

    /** Every fund's net outflow over the last {@code window} settled periods. */
    public Mono<Map<String, Outflow>> outflows(int window) {
        return db.sql("""
                        with recent as (select period from periods where status = 'SETTLED' order by period desc limit :window)
                        select f.province,
                               coalesce(sum(greatest(-s.net_fen, 0)), 0)::bigint outflow,
                               (select count(*) from recent) periods
                        from prepaid_funds f
                        left join statements s on s.province = f.province and s.period in (select period from recent)
                        group by f.province""")
                .bind("window", window)
                .map(row -> Map.entry(Rows.text(row, "province"),
                        new Outflow(Rows.longOf(row, "outflow"), Rows.longOf(row, "periods"))))
                .all()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public Mono<Void> updateLevel(String province, long requiredFen, String status, Instant now) {
        return db.sql("""
                        update prepaid_funds set required_fen = :required, status = :status, updated_at = :now
                        where province = :province""")
                .bind("required", requiredFen).bind("status", status).bind("now", now).bind("province", province)
                .fetch().rowsUpdated().then();
    }

    public Flux<Fund> all() {
        return db.sql(FUND + " order by province").map(PrepaidFundStore::fundOf).all();
    }

    public Flux<Fund> page(int page, int size) {
        return db.sql(FUND + " order by province limit :limit offset :offset")
                .bind("limit", size).bind("offset", (long) page * size)
                .map(PrepaidFundStore::fundOf).all();
    }

    public Mono<Fund> fund(String province) {
        return db.sql(FUND + " where province = :p").bind("p", province).map(PrepaidFundStore::fundOf).one();
    }

    /** Newest first. */
    public Flux<FundEntry> journal(String province, int page, int size) {
        return db.sql(ENTRY + " where province = :province order by id desc limit :limit offset :offset")
                .bind("province", province).bind("limit", size).bind("offset", (long) page * size)
                .map(PrepaidFundStore::entryOf).all();
    }

    public Mono<FundEntry> entry(String province, String reference) {
        return db.sql(ENTRY + " where province = :province and reference = :reference")
                .bind("province", province).bind("reference", reference)
                .map(PrepaidFundStore::entryOf).one();
    }

    private static Fund fundOf(Readable row) {
        return new Fund(Rows.text(row, "province"), Rows.longOf(row, "balance_fen"), Rows.longOf(row, "required_fen"),
                Rows.text(row, "status"), Rows.instant(row, "updated_at"));
    }

    private static FundEntry entryOf(Readable row) {
        return new FundEntry(Rows.longOf(row, "id"), Rows.text(row, "province"), Rows.text(row, "kind"),
                Rows.longOf(row, "amount_fen"), Rows.text(row, "reference"), Rows.text(row, "period"),
                Rows.instant(row, "at"));
    }
}
