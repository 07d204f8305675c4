package cn.mutualaid.settlement.prepaid;

import cn.mutualaid.contracts.settlement.PrepaidFundLow;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.settlement.Rows;
import cn.mutualaid.settlement.SettlementProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prepaid funds kept by the national level, one per province. Every movement is a journal entry and the balance is
 * their sum. Settlement draws net payers and credits net receivers; top-ups come through {@link TopUps}.
 */
@Component
public class PrepaidFunds {
    private final DatabaseClient db;
    private final Outbox outbox;
    private final Clock clock;
    private final PrepaidPolicy policy;

    public PrepaidFunds(DatabaseClient db, Outbox outbox, Clock clock,
            SettlementProperties properties) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.policy = PrepaidPolicy.of(properties.prepaid());
    }

    public record Fund(String province, long balanceFen, long requiredFen, String status, Instant updatedAt) {
    }

    public record Entry(long id, String province, String kind, long amountFen, String reference, String period,
            Instant at) {
    }

    /** Moves every fund of a settled period by its statement's net, in the settling transaction. */
    public Mono<Void> settle(String period) {
        Instant now = clock.instant();
        return db.sql("""
                        insert into prepaid_funds (province, updated_at) select province, :now from statements
                        where period = :p on conflict do nothing""")
                .bind("p", period).bind("now", now).fetch().rowsUpdated()
                .then(lockAll())
                .then(db.sql("""
                                insert into prepaid_journal (province, kind, amount_fen, reference, period, at)
                                select province, case when net_fen < 0 then 'SETTLEMENT_DRAW' else 'SETTLEMENT_CREDIT' end,
                                       net_fen, 'SETTLEMENT-' || :p, :p, :now
                                from statements where period = :p and net_fen <> 0""")
                        .bind("p", period).bind("now", now).fetch().rowsUpdated())
                .then(db.sql("""
                                update prepaid_funds f set balance_fen = f.balance_fen + s.net_fen, updated_at = :now
                                from statements s where s.period = :p and s.province = f.province and s.net_fen <> 0""")
                        .bind("p", period).bind("now", now).fetch().rowsUpdated())
                .then(refresh(now));
    }

    /**
     * Moves a fund by a top-up, inside the caller's transaction (which holds {@link #lockAll}): one journal entry,
     * the balance, the required level and status. {@link TopUps} decides whether and when.
     */
    Mono<Entry> applyTopUp(String province, long amountFen, String reference, Instant now) {
        return db.sql("""
                        insert into prepaid_journal (province, kind, amount_fen, reference, at)
                        values (:province, 'TOP_UP', :amount, :reference, :now)""")
                .bind("province", province).bind("amount", amountFen).bind("reference", reference).bind("now", now)
                .fetch().rowsUpdated()
                // The ceiling keeps a fund's balance, and sums over funds, far from 64-bit overflow.
                .then(db.sql("""
                                update prepaid_funds set balance_fen = balance_fen + :amount, updated_at = :now
                                where province = :province and balance_fen <= :max - :amount""")
                        .bind("province", province).bind("amount", amountFen).bind("now", now)
                        .bind("max", Fen.MAX_BALANCE)
                        .fetch().rowsUpdated())
                .filter(updated -> updated == 1)
                .switchIfEmpty(Mono.error(() -> Rejection.refused("FUND_LIMIT",
                        "the fund would hold more than " + Fen.MAX_BALANCE + " fen")))
                .then(refresh(now))
                .then(existing(province, reference));
    }

    /** Makes sure the province has a fund row, then locks every fund (see {@link #lockAll}). */
    Mono<Void> openAndLock(String province, Instant now) {
        return db.sql("""
                        insert into prepaid_funds (province, updated_at) values (:province, :now) on conflict do nothing""")
                .bind("province", province).bind("now", now).fetch().rowsUpdated()
                .then(lockAll());
    }

    public Flux<Fund> list(int page, int size) {
        return db.sql("""
                        select province, balance_fen, required_fen, status, updated_at from prepaid_funds
                        order by province limit :limit offset :offset""")
                .bind("limit", size).bind("offset", (long) page * size)
                .map(row -> fundOf(row)).all();
    }

    public Mono<Fund> fund(String province) {
        return db.sql("select province, balance_fen, required_fen, status, updated_at from prepaid_funds where province = :p")
                .bind("p", province).map(row -> fundOf(row)).one();
    }

    /** Newest first. */
    public Flux<Entry> journal(String province, int page, int size) {
        return db.sql("""
                        select id, province, kind, amount_fen, reference, period, at from prepaid_journal
                        where province = :province order by id desc limit :limit offset :offset""")
                .bind("province", province).bind("limit", size).bind("offset", (long) page * size)
                .map(row -> entryOf(row)).all();
    }

    /** Takes every fund's row lock in province order: settlements and top-ups never deadlock each other. */
    private Mono<Void> lockAll() {
        return db.sql("select province from prepaid_funds order by province for update").fetch().all().then();
    }

    /**
     * Recomputes each fund's required level from the last settled periods and its status; a fund that leaves OK
     * publishes PrepaidFundLow (once per transition). A handful of rows (one per province), so this is plain Java.
     */
    private Mono<Void> refresh(Instant now) {
        Mono<Map<String, Outflow>> outflows = db.sql("""
                        with recent as (select period from periods where status = 'SETTLED' order by period desc limit :window)
                        select f.province,
                               coalesce(sum(greatest(-s.net_fen, 0)), 0)::bigint outflow,
                               (select count(*) from recent) periods
                        from prepaid_funds f
                        left join statements s on s.province = f.province and s.period in (select period from recent)
                        group by f.province""")
                .bind("window", policy.window())
                .map(row -> Map.entry(Rows.text(row, "province"),
                        new Outflow(Rows.longOf(row, "outflow"), Rows.longOf(row, "periods"))))
                .all()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return outflows.flatMapMany(byProvince -> db.sql(
                                "select province, balance_fen, required_fen, status, updated_at from prepaid_funds order by province")
                        .map(row -> fundOf(row)).all()
                        .concatMap(fund -> {
                            Outflow outflow = byProvince.getOrDefault(fund.province(), new Outflow(0, 0));
                            long required = policy.required(outflow.fen(), outflow.periods());
                            String status = policy.status(fund.balanceFen(), required);
                            if (required == fund.requiredFen() && status.equals(fund.status())) {
                                return Mono.empty();
                            }
                            Mono<Long> update = db.sql("""
                                            update prepaid_funds set required_fen = :required, status = :status, updated_at = :now
                                            where province = :province""")
                                    .bind("required", required).bind("status", status).bind("now", now)
                                    .bind("province", fund.province())
                                    .fetch().rowsUpdated();
                            if (!PrepaidPolicy.becameLow(fund.status(), status)) {
                                return update;
                            }
                            return update.then(outbox.append(
                                    new PrepaidFundLow(fund.province(), fund.balanceFen(), required, now), fund.province()));
                        }))
                .then();
    }

    /** A province's net outflow summed over the last settled periods, and how many periods that is. */
    private record Outflow(long fen, long periods) {
    }

    Mono<Entry> existing(String province, String reference) {
        return db.sql("""
                        select id, province, kind, amount_fen, reference, period, at from prepaid_journal
                        where province = :province and reference = :reference""")
                .bind("province", province).bind("reference", reference)
                .map(row -> entryOf(row)).one();
    }

    private static Fund fundOf(io.r2dbc.spi.Readable row) {
        return new Fund(Rows.text(row, "province"), Rows.longOf(row, "balance_fen"), Rows.longOf(row, "required_fen"),
                Rows.text(row, "status"), Rows.instant(row, "updated_at"));
    }

    private static Entry entryOf(io.r2dbc.spi.Readable row) {
        return new Entry(Rows.longOf(row, "id"), Rows.text(row, "province"), Rows.text(row, "kind"),
                Rows.longOf(row, "amount_fen"), Rows.text(row, "reference"), Rows.text(row, "period"),
                Rows.instant(row, "at"));
    }
}
