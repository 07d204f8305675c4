package cn.mutualaid.wallet.ledger;

import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Recomputes the wallet from its journal with set-based SQL (one pass per table, no per-account queries):
 * <ul>
 *   <li>every journal transaction sums to zero;</li>
 *   <li>every account's balance = its AVAILABLE + FROZEN postings, and frozen = its FROZEN postings;</li>
 *   <li>every account's frozen = sum over its quotas of granted - used - released;</li>
 *   <li>every quota's held = its open authorizations, and used = its captured lines net of refunds.</li>
 * </ul>
 * Reports at most {@value #LIMIT} problems of each kind.
 */
@Component
public class LedgerCheck {
    static final int LIMIT = 100;
    private final DatabaseClient db;

    public LedgerCheck(DatabaseClient db) {
        this.db = db;
    }

    public record Problem(String kind, String id, String detail) {
    }

    public record Result(boolean ok, long accounts, long totalBalanceFen, long totalFrozenFen, List<Problem> problems) {
    }

    public Mono<Result> run() {
        Mono<long[]> totals = db.sql("""
                        select count(*) as n, coalesce(sum(balance_fen), 0) as balance, coalesce(sum(frozen_fen), 0) as frozen
                        from account""")
                .map(row -> new long[] {row.get("n", Long.class), row.get("balance", Long.class), row.get("frozen", Long.class)})
                .one();
        Mono<List<Problem>> unbalanced = db.sql("""
                        select tx_id, sum(amount_fen) as total from posting group by tx_id having sum(amount_fen) <> 0
                        order by tx_id limit :limit""")
                .bind("limit", LIMIT)
                .map(row -> new Problem("UNBALANCED_TRANSACTION", String.valueOf(row.get("tx_id", Long.class)),
                        "postings sum to " + row.get("total", Long.class)))
                .all().collectList();
        Mono<List<Problem>> accounts = db.sql("""
                        with j as (
                            select person_id,
                                   coalesce(sum(amount_fen) filter (where ledger = 'AVAILABLE'), 0) as available,
                                   coalesce(sum(amount_fen) filter (where ledger = 'FROZEN'), 0) as frozen
                            from posting where person_id is not null group by person_id),
                        q as (
                            select benefactor_id as person_id, sum(granted_fen - used_fen - released_fen) as frozen
                            from quota group by benefactor_id),
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
                        from joined x full join q on q.person_id = x.person_id
                        where coalesce(x.balance, 0) <> coalesce(x.journal_balance, 0)
                           or coalesce(x.frozen, 0) <> coalesce(x.journal_frozen, 0)
                           or coalesce(x.frozen, 0) <> coalesce(q.frozen, 0)
                        order by 1 limit :limit""")
                .bind("limit", LIMIT)
                .map(row -> new Problem("ACCOUNT_MISMATCH", row.get("person_id", String.class),
                        "account balance " + row.get("balance", Long.class) + " frozen " + row.get("frozen", Long.class)
                                + (Boolean.TRUE.equals(row.get("has_account", Boolean.class)) ? "" : " (no account row)")
                                + "; journal balance " + row.get("journal_balance", Long.class)
                                + " frozen " + row.get("journal_frozen", Long.class)
                                + "; quotas keep frozen " + row.get("quota_frozen", Long.class)))
                .all().collectList();
        Mono<List<Problem>> quotas = db.sql("""
                        with lines as (
                            select l.quota_id,
                                   coalesce(sum(l.amount_fen) filter (where p.status = 'AUTHORIZED'), 0) as held,
                                   coalesce(sum(l.amount_fen - l.refunded_fen) filter (where p.status = 'CAPTURED'), 0) as used
                            from payment_line l join payment p on p.payment_id = l.payment_id
                            group by l.quota_id)
                        select q.quota_id::text as quota_id, q.held_fen, q.used_fen,
                               coalesce(l.held, 0) as lines_held, coalesce(l.used, 0) as lines_used
                        from quota q left join lines l on l.quota_id = q.quota_id
                        where q.held_fen <> coalesce(l.held, 0) or q.used_fen <> coalesce(l.used, 0)
                        order by 1 limit :limit""")
                .bind("limit", LIMIT)
                .map(row -> new Problem("QUOTA_MISMATCH", row.get("quota_id", String.class),
                        "quota held " + row.get("held_fen", Long.class) + " used " + row.get("used_fen", Long.class)
                                + "; payments hold " + row.get("lines_held", Long.class)
                                + " and used " + row.get("lines_used", Long.class)))
                .all().collectList();
        return Mono.zip(totals, unbalanced, accounts, quotas).map(t -> {
            List<Problem> problems = new ArrayList<>(t.getT2());
            problems.addAll(t.getT3());
            problems.addAll(t.getT4());
            long[] sums = t.getT1();
            return new Result(problems.isEmpty(), sums[0], sums[1], sums[2], problems);
        });
    }
}
