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
 * Recomputes the wallet from its journal with set-based SQL (one pass per table, no per-account queries):
 * <ul>
 *   <li>every journal transaction sums to zero;</li>
 *   <li>every account's balance = its AVAILABLE + FROZEN postings, and frozen = its FROZEN postings;</li>
 *   <li>every account's frozen = sum over its quotas of granted - used - released;</li>
 *   <li>every quota's held = its open authorizations, and used = its captured lines net of refunds.</li>
 * </ul>
 * Reports at most {@value #LIMIT} problems of each kind. A scope limits every part to the accounts of one area.
 */
@Component
public class LedgerCheck {
    static final int LIMIT = 100;
    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public LedgerCheck(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * One read-only snapshot (REPEATABLE READ), statements one after another on one connection, each cancelled by the
     * database after {@code statementTimeout}: a check never holds more than one connection nor runs unbounded.
     */
    public Mono<LedgerReport> run(LedgerScope scope, Duration statementTimeout) {
        Mono<Void> limits = db.sql("set transaction isolation level repeatable read, read only").then()
                .then(db.sql("set local statement_timeout = " + Math.max(1, statementTimeout.toMillis())).then());
        return tx.transactional(limits.then(totals(scope)).flatMap(sums -> unbalanced(scope)
                .flatMap(unbalanced -> accounts(scope).flatMap(accounts -> quotas(scope).map(quotas -> {
                    List<LedgerReport.Problem> problems = new ArrayList<>(unbalanced);
                    problems.addAll(accounts);
                    problems.addAll(quotas);
                    return new LedgerReport(scope.name(), problems.isEmpty(), sums[0], sums[1], sums[2], problems);
                })))));
    }

    /** Persons whose account lies in the scope, as an SQL condition on {@code column} (always true for the nation). */
    private static String inScope(LedgerScope scope, String column) {
        return scope.national() ? "true"
                : column + " in (select person_id from account where pooling_area between :lo and :hi)";
    }

    private static DatabaseClient.GenericExecuteSpec bound(DatabaseClient.GenericExecuteSpec spec, LedgerScope scope) {
        return scope.national() ? spec : spec.bind("lo", scope.lowArea()).bind("hi", scope.highArea());
    }

    private Mono<long[]> totals(LedgerScope scope) {
        return bound(db.sql("""
                        select count(*) as n, coalesce(sum(balance_fen), 0) as balance, coalesce(sum(frozen_fen), 0) as frozen
                        from account where %s""".formatted(scope.national() ? "true" : "pooling_area between :lo and :hi")),
                scope)
                .map(row -> new long[] {row.get("n", Long.class), row.get("balance", Long.class), row.get("frozen", Long.class)})
                .one();
    }

    private Mono<List<LedgerReport.Problem>> unbalanced(LedgerScope scope) {
        String txs = scope.national() ? "true" : "tx_id in (select tx_id from posting where " + inScope(scope, "person_id") + ")";
        return bound(db.sql("""
                        select u.tx_id, (select t.entry_no from journal_tx t where t.tx_id = u.tx_id) as entry_no, u.total
                        from (select tx_id, sum(amount_fen) as total from posting where %s
                              group by tx_id having sum(amount_fen) <> 0
                              order by tx_id limit :limit) u order by u.tx_id""".formatted(txs)), scope).bind("limit", LIMIT)
                // Named by its entry number, as the account's journal shows it.
                .map(row -> new LedgerReport.Problem("UNBALANCED_TRANSACTION", String.valueOf(row.get("entry_no", Long.class)),
                        "postings sum to " + row.get("total", Long.class)))
                .all().collectList();
    }

    private Mono<List<LedgerReport.Problem>> accounts(LedgerScope scope) {
        return bound(db.sql("""
                        with j as (
                            select person_id,
                                   coalesce(sum(amount_fen) filter (where ledger = 'AVAILABLE'), 0) as available,
                                   coalesce(sum(amount_fen) filter (where ledger = 'FROZEN'), 0) as frozen
                            from posting where person_id is not null and %1$s group by person_id),
                        q as (
                            select benefactor_id as person_id, sum(granted_fen - used_fen - released_fen) as frozen
                            from quota where %2$s group by benefactor_id),
                        joined as (
                            select coalesce(a.person_id, j.person_id) as person_id, a.person_id is not null as has_account,
                                   coalesce(a.balance_fen, 0) as balance, coalesce(a.frozen_fen, 0) as frozen,
                                   coalesce(j.available, 0) + coalesce(j.frozen, 0) as journal_balance,
                                   coalesce(j.frozen, 0) as journal_frozen
                            from (select * from account where %3$s) a full join j on j.person_id = a.person_id)
                        select coalesce(x.person_id, q.person_id) as person_id, coalesce(x.has_account, false) as has_account,
                               coalesce(x.balance, 0) as balance, coalesce(x.frozen, 0) as frozen,
                               coalesce(x.journal_balance, 0) as journal_balance, coalesce(x.journal_frozen, 0) as journal_frozen,
                               coalesce(q.frozen, 0) as quota_frozen
                        from joined x full join q on q.person_id = x.person_id
                        where coalesce(x.balance, 0) <> coalesce(x.journal_balance, 0)
                           or coalesce(x.frozen, 0) <> coalesce(x.journal_frozen, 0)
                           or coalesce(x.frozen, 0) <> coalesce(q.frozen, 0)
                        order by 1 limit :limit""".formatted(inScope(scope, "person_id"), inScope(scope, "benefactor_id"),
                        inScope(scope, "person_id"))), scope).bind("limit", LIMIT)
                .map(row -> new LedgerReport.Problem("ACCOUNT_MISMATCH", row.get("person_id", String.class),
                        "account balance " + row.get("balance", Long.class) + " frozen " + row.get("frozen", Long.class)
                                + (Boolean.TRUE.equals(row.get("has_account", Boolean.class)) ? "" : " (no account row)")
                                + "; journal balance " + row.get("journal_balance", Long.class)
                                + " frozen " + row.get("journal_frozen", Long.class)
                                + "; quotas keep frozen " + row.get("quota_frozen", Long.class)))
                .all().collectList();
    }

    private Mono<List<LedgerReport.Problem>> quotas(LedgerScope scope) {
        return bound(db.sql("""
                        with lines as (
                            select l.quota_id,
                                   coalesce(sum(l.amount_fen) filter (where p.status = 'AUTHORIZED'), 0) as held,
                                   coalesce(sum(l.amount_fen - l.refunded_fen) filter (where p.status = 'CAPTURED'), 0) as used
                            from payment_line l join payment p on p.payment_id = l.payment_id
                            where l.quota_id in (select quota_id from quota where %1$s)
                            group by l.quota_id)
                        select q.quota_id::text as quota_id, q.held_fen, q.used_fen,
                               coalesce(l.held, 0) as lines_held, coalesce(l.used, 0) as lines_used
                        from quota q left join lines l on l.quota_id = q.quota_id
                        where (q.held_fen <> coalesce(l.held, 0) or q.used_fen <> coalesce(l.used, 0)) and %2$s
                        order by 1 limit :limit""".formatted(inScope(scope, "benefactor_id"), inScope(scope, "q.benefactor_id"))),
                scope).bind("limit", LIMIT)
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
                          and a.frozen_fen <> coalesce((select sum(q.granted_fen - q.used_fen - q.released_fen)
                                                        from quota q where q.benefactor_id = a.person_id), 0)""")
                .bind("ids", personIds.toArray(String[]::new))
                .map(row -> row.get("person_id", String.class))
                .all();
    }
}
