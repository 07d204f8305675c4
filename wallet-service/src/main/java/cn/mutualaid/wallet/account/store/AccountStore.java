package cn.mutualaid.wallet.account.store;

import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.wallet.account.domain.AccountView;
import cn.mutualaid.wallet.account.domain.JournalLine;
import java.time.Instant;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The SQL of personal accounts: opening, reads, the move after a transfer and credits' balance change. */
@Component
public record AccountStore(DatabaseClient db) {
    /** Opens an empty account if the person has none; an existing account keeps its area and money. */
    public Mono<Void> openIfAbsent(String personId, String poolingArea, Instant now) {
        return db.sql("""
                        insert into account (person_id, pooling_area, created_at) values (:p, :area, :now)
                        on conflict (person_id) do nothing""")
                .bind("p", personId).bind("area", poolingArea).bind("now", now)
                .fetch().rowsUpdated().then();
    }

    public Mono<AccountView> find(String personId) {
        return db.sql("select person_id, pooling_area, balance_fen, frozen_fen from account where person_id = :p")
                .bind("p", personId)
                .map(row -> AccountView.of(row.get("person_id", String.class), row.get("pooling_area", String.class),
                        row.get("balance_fen", Long.class), row.get("frozen_fen", Long.class)))
                .one();
    }

    /** The account's pooling area, its row locked. */
    public Mono<String> lockArea(String personId) {
        return db.sql("select pooling_area from account where person_id = :p for update").bind("p", personId)
                .map(row -> row.get("pooling_area", String.class)).one();
    }

    /**
     * The account's journal, newest first (by the version-7 tx_id, V14): each transaction's net change of available
     * and frozen money, named by its entry number.
     */
    public Flux<JournalLine> journal(String personId, int limit, long offset) {
        return db.sql("""
                        select t.tx_id, t.entry_no, t.kind, t.reference, t.created_at,
                               coalesce(sum(p.amount_fen) filter (where p.ledger = 'AVAILABLE'), 0) as available,
                               coalesce(sum(p.amount_fen) filter (where p.ledger = 'FROZEN'), 0) as frozen
                        from posting p join journal_tx t on t.tx_id = p.tx_id
                        where p.person_id = :p
                        group by t.tx_id
                        order by t.tx_id desc
                        limit :limit offset :offset""")
                .bind("p", personId).bind("limit", limit).bind("offset", offset)
                .map(row -> {
                    long available = row.get("available", Long.class);
                    long frozen = row.get("frozen", Long.class);
                    return new JournalLine(row.get("entry_no", Long.class), row.get("kind", String.class),
                            row.get("reference", String.class), available, frozen, available + frozen,
                            row.get("created_at", Instant.class));
                })
                .all();
    }

    /**
     * Adds to the balance unless it would pass {@link Fen#MAX_BALANCE}: the ceiling keeps every balance, and the
     * ledger's sums of balances, far from 64-bit overflow. @return the new balance, empty when over the ceiling
     */
    public Mono<Long> addToBalance(String personId, long amountFen) {
        return db.sql("""
                        update account set balance_fen = balance_fen + :a
                        where person_id = :p and balance_fen <= :max - :a returning balance_fen""")
                .bind("a", amountFen).bind("p", personId).bind("max", Fen.MAX_BALANCE)
                .map(row -> row.get("balance_fen", Long.class)).one();
    }

    /**
     * Records the transfer's move once, applied at once if the account exists, kept waiting otherwise.
     * @return the area the account moves from (empty inside when it has no account); empty when already recorded
     */
    public Mono<Optional<String>> recordMove(String transferId, String personId, String toPoolingArea, Instant now) {
        return db.sql("""
                        insert into account_move (transfer_id, person_id, from_pooling_area, to_pooling_area, moved_at,
                                                  applied_at)
                        select :t, :p, a.pooling_area, :to, :now, case when a.person_id is null then null else :now end
                        from (select 1) one left join account a on a.person_id = :p
                        on conflict (transfer_id) do nothing
                        returning from_pooling_area""")
                .bind("t", transferId).bind("p", personId).bind("to", toPoolingArea).bind("now", now)
                .map(row -> Optional.ofNullable(row.get("from_pooling_area", String.class)))
                .one();
    }

    public Mono<Void> setArea(String personId, String poolingArea) {
        return db.sql("update account set pooling_area = :to where person_id = :p")
                .bind("to", poolingArea).bind("p", personId)
                .fetch().rowsUpdated().then();
    }

    /**
     * Applies the transfer's waiting move, if the account now exists (the account row is locked by the update, so a
     * MoveAccount arriving at the same moment finds the move already recorded).
     */
    public Mono<Void> applyWaitingMove(String transferId, Instant now) {
        return db.sql("""
                        with waiting as (
                            select m.transfer_id, m.to_pooling_area, a.person_id, a.pooling_area as from_area
                            from account_move m join account a on a.person_id = m.person_id
                            where m.transfer_id = :t and m.applied_at is null
                            for update of m, a),
                        moved as (
                            update account set pooling_area = w.to_pooling_area
                            from waiting w where account.person_id = w.person_id)
                        update account_move set applied_at = :now, from_pooling_area = w.from_area
                        from waiting w where account_move.transfer_id = w.transfer_id""")
                .bind("t", transferId).bind("now", now)
                .fetch().rowsUpdated().then();
    }
}
