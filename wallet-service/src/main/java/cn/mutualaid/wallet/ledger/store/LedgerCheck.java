package cn.mutualaid.wallet.ledger.store;

import cn.mutualaid.wallet.ledger.domain.LedgerReport;
import cn.mutualaid.wallet.ledger.domain.LedgerScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Recomputes the wallet from its journal with set-based SQL (no per-account round trips):
 * <ul>
 *   <li>every journal transaction sums to zero;</li>
 *   <li>every account's balance = its AVAILABLE + FROZEN postings, and frozen = its FROZEN postings;</li>
 *   <li>every account's frozen = sum over its quotas of granted - used - released;</li>
 *   <li>every quota's held = its open authorizations, and used = its captured lines net of refunds.</li>
 * </ul>
 * Reports at most {@value #LIMIT} problems of each kind. The nation's check reads every table once, whole; an area's
 * starts from the area's accounts and reaches their postings, quotas and payment lines through their indexes, so it
 * costs what the area holds, not what the journal holds (at 10,000,000 payments elsewhere: 4.8 s before, when it
 * filtered whole-table passes by area). Each rule's comparison is written once, below, for both ways of reading.
 */
@Component
public class LedgerCheck {
    static final int LIMIT = 100;
    /** What an account's quotas keep frozen. */
    private static final String QUOTAS_FROZEN = "sum(granted_fen - used_fen - released_fen)";
    private static final String JOURNAL_SUMS = """
            coalesce(sum(amount_fen) filter (where ledger = 'AVAILABLE'), 0) as available,
            coalesce(sum(amount_fen) filter (where ledger = 'FROZEN'), 0) as frozen""";
    private static final String LINE_SUMS = """
            coalesce(sum(amount_fen) filter (where status = 'AUTHORIZED'), 0) as held,
            coalesce(sum(amount_fen - refunded_fen) filter (where status = 'CAPTURED'), 0) as used""";
    /**
     * An area's accounts, read once. Materialized, and each step from it a lateral subquery the planner may not
     * flatten ({@code offset 0}, an aggregate): from statistics alone it preferred merging the whole journal by
     * transaction (3 s at 1,000,000 payments for an area of 50 accounts, 10 ms this way).
     */
    private static final String IN_AREA = "pooling_area between :lo and :hi";
    private static final String AREA_ACCOUNTS = "area_accounts as materialized (select * from account where " + IN_AREA + ")";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public LedgerCheck(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * One read-only snapshot (REPEATABLE READ), statements one after another on one connection, each cancelled by the
     * database after {@code statementTimeout}: a check never holds more than one connection nor runs unbounded. No
     * JIT: compiling an area's statements took 0.5-0.6 s each where running them took 10 ms, and the nation's ran no
     * faster compiled (1,000,000 payments: 1.3 s without, 1.4 s with).
     */
    public Mono<LedgerReport> run(LedgerScope scope, Duration statementTimeout) {
        Mono<Void> limits = db.sql("set transaction isolation level repeatable read, read only").then()
                .then(db.sql("set local statement_timeout = " + Math.max(1, statementTimeout.toMillis())).then())
                .then(db.sql("set local jit = off").then());
        return tx.transactional(limits.then(totals(scope)).flatMap(sums -> unbalanced(scope)
                .flatMap(unbalanced -> accounts(scope).flatMap(accounts -> quotas(scope).map(quotas -> {
                    List<LedgerReport.Problem> problems = new ArrayList<>(unbalanced);
                    problems.addAll(accounts);
                    problems.addAll(quotas);
                    return new LedgerReport(scope.name(), problems.isEmpty(), sums[0], sums[1], sums[2], problems);
                })))));
    }

    private DatabaseClient.GenericExecuteSpec sql(LedgerScope scope, String sql) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        return scope.national() ? spec : spec.bind("lo", scope.lowArea()).bind("hi", scope.highArea());
    }

    private Mono<long[]> totals(LedgerScope scope) {
        return sql(scope, """
                        select count(*) as n, coalesce(sum(balance_fen), 0) as balance, coalesce(sum(frozen_fen), 0) as frozen
                        from account where %s""".formatted(scope.national() ? "true" : IN_AREA))
                .map(row -> new long[] {row.get("n", Long.class), row.get("balance", Long.class), row.get("frozen", Long.class)})
                .one();
    }

    private Mono<List<LedgerReport.Problem>> unbalanced(LedgerScope scope) {
        // (tx_id, total) of every transaction, or of those naming a person of the area
        String sums = scope.national() ? "select tx_id, sum(amount_fen) as total from posting group by tx_id" : """
                with %s,
                     area_txs as materialized (
                         select distinct p.tx_id from area_accounts a
                         cross join lateral (select tx_id from posting where person_id = a.person_id offset 0) p)
                select t.tx_id, s.total from area_txs t
                cross join lateral (select sum(amount_fen) as total from posting where tx_id = t.tx_id) s""".formatted(AREA_ACCOUNTS);
        return sql(scope, """
                        select u.tx_id, (select t.entry_no from journal_tx t where t.tx_id = u.tx_id) as entry_no, u.total
                        from (select * from (%s) s where total <> 0 order by tx_id limit :limit) u
                        order by u.tx_id""".formatted(sums)).bind("limit", LIMIT)
                // Named by its entry number, as the account's journal shows it.
                .map(row -> new LedgerReport.Problem("UNBALANCED_TRANSACTION", String.valueOf(row.get("entry_no", Long.class)),
                        "postings sum to " + row.get("total", Long.class)))
                .all().collectList();
    }

    private Mono<List<LedgerReport.Problem>> accounts(LedgerScope scope) {
        // (person_id, has_account, balance, frozen, journal_balance, journal_frozen, quota_frozen); the nation's also
        // holds persons with postings or quotas but no account row
        String rows = scope.national() ? """
                with j as (select person_id, %1$s from posting where person_id is not null group by person_id),
                     q as (select benefactor_id as person_id, %2$s as frozen from quota group by benefactor_id),
                     joined as (
                         select coalesce(a.person_id, j.person_id) as person_id, a.person_id is not null as has_account,
                                coalesce(a.balance_fen, 0) as balance, coalesce(a.frozen_fen, 0) as frozen,
                                coalesce(j.available, 0) + coalesce(j.frozen, 0) as journal_balance,
                                coalesce(j.frozen, 0) as journal_frozen
                         from account a full join j on j.person_id = a.person_id)
                select coalesce(x.person_id, q.person_id) as person_id, coalesce(x.has_account, false) as has_account,
                       coalesce(x.balance, 0) as balance, coalesce(x.frozen, 0) as frozen,
                       coalesce(x.journal_balance, 0) as journal_balance, coalesce(x.journal_frozen, 0) as journal_frozen,
                       coalesce(q.frozen, 0) as quota_frozen
                from joined x full join q on q.person_id = x.person_id""".formatted(JOURNAL_SUMS, QUOTAS_FROZEN) : """
                with %1$s
                select a.person_id, true as has_account, a.balance_fen as balance, a.frozen_fen as frozen,
                       j.available + j.frozen as journal_balance, j.frozen as journal_frozen, q.frozen as quota_frozen
                from area_accounts a
                cross join lateral (select %2$s from posting where person_id = a.person_id) j
                cross join lateral (select coalesce(%3$s, 0) as frozen from quota where benefactor_id = a.person_id) q"""
                .formatted(AREA_ACCOUNTS, JOURNAL_SUMS, QUOTAS_FROZEN);
        return sql(scope, """
                        select * from (%s) x
                        where balance <> journal_balance or frozen <> journal_frozen or frozen <> quota_frozen
                        order by 1 limit :limit""".formatted(rows)).bind("limit", LIMIT)
                .map(row -> new LedgerReport.Problem("ACCOUNT_MISMATCH", row.get("person_id", String.class),
                        "account balance " + row.get("balance", Long.class) + " frozen " + row.get("frozen", Long.class)
                                + (Boolean.TRUE.equals(row.get("has_account", Boolean.class)) ? "" : " (no account row)")
                                + "; journal balance " + row.get("journal_balance", Long.class)
                                + " frozen " + row.get("journal_frozen", Long.class)
                                + "; quotas keep frozen " + row.get("quota_frozen", Long.class)))
                .all().collectList();
    }

    private Mono<List<LedgerReport.Problem>> quotas(LedgerScope scope) {
        // (quota_id, held_fen, used_fen, lines_held, lines_used) of every quota, or of the area's benefactors' quotas
        String rows = scope.national() ? """
                with lines as (
                    select quota_id, %1$s
                    from (select l.quota_id, l.amount_fen, l.refunded_fen, p.status
                          from payment_line l join payment p on p.payment_id = l.payment_id) x
                    group by quota_id)
                select q.quota_id, q.held_fen, q.used_fen, coalesce(l.held, 0) as lines_held, coalesce(l.used, 0) as lines_used
                from quota q left join lines l on l.quota_id = q.quota_id""".formatted(LINE_SUMS) : """
                with %1$s
                select q.quota_id, q.held_fen, q.used_fen, l.held as lines_held, l.used as lines_used
                from area_accounts a join quota q on q.benefactor_id = a.person_id
                cross join lateral (
                    select %2$s
                    from (select l.amount_fen, l.refunded_fen, p.status from payment_line l
                          cross join lateral (select status from payment where payment_id = l.payment_id offset 0) p
                          where l.quota_id = q.quota_id) x) l""".formatted(AREA_ACCOUNTS, LINE_SUMS);
        return sql(scope, """
                        select quota_id::text as quota_id, held_fen, used_fen, lines_held, lines_used from (%s) x
                        where held_fen <> lines_held or used_fen <> lines_used
                        order by 1 limit :limit""".formatted(rows)).bind("limit", LIMIT)
                .map(row -> new LedgerReport.Problem("QUOTA_MISMATCH", row.get("quota_id", String.class),
                        "quota held " + row.get("held_fen", Long.class) + " used " + row.get("used_fen", Long.class)
                                + "; payments hold " + row.get("lines_held", Long.class)
                                + " and used " + row.get("lines_used", Long.class)))
                .all().collectList();
    }

    /**
     * Those of the accounts whose frozen money differs from what their quotas keep frozen (granted - used - released,
     * held money counting as frozen): this query is where that rule is written for a money transaction's re-check.
     */
    public Flux<String> frozenOffQuotas(Collection<String> personIds) {
        return db.sql("""
                        select a.person_id from account a
                        where a.person_id = any(:ids::text[])
                          and a.frozen_fen <> coalesce((select %s from quota q where q.benefactor_id = a.person_id), 0)"""
                        .formatted(QUOTAS_FROZEN))
                .bind("ids", personIds.toArray(String[]::new))
                .map(row -> row.get("person_id", String.class))
                .all();
    }
}
