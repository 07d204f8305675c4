package cn.mutualaid.wallet.account;

import cn.mutualaid.contracts.wallet.AccountMoved;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.account.domain.AccountView;
import cn.mutualaid.wallet.account.domain.JournalLine;
import java.time.Clock;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Personal accounts: opening (from registry events), reads, and the move after a transfer (credits: {@link Credits}). */
@Service
public class Accounts {
    private final DatabaseClient db;
    private final Outbox outbox;
    private final Clock clock;

    public Accounts(DatabaseClient db, Outbox outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Opens an empty account if the person has none; an existing account keeps its area and money. */
    public Mono<Void> openIfAbsent(String personId, String poolingArea) {
        return db.sql("""
                        insert into account (person_id, pooling_area, created_at) values (:p, :area, :now)
                        on conflict (person_id) do nothing""")
                .bind("p", personId).bind("area", poolingArea).bind("now", clock.instant())
                .fetch().rowsUpdated().then();
    }

    /** The account if the caller is its owner or an agency administering its area; otherwise not found. */
    public Mono<AccountView> visibleTo(Caller caller, String personId) {
        return find(personId)
                .filter(a -> caller.isPerson(personId) || caller.administers(a.poolingArea()))
                .switchIfEmpty(Mono.error(Rejection.notFound("account")));
    }

    Mono<AccountView> find(String personId) {
        return db.sql("select person_id, pooling_area, balance_fen, frozen_fen from account where person_id = :p")
                .bind("p", personId)
                .map(row -> AccountView.of(row.get("person_id", String.class), row.get("pooling_area", String.class),
                        row.get("balance_fen", Long.class), row.get("frozen_fen", Long.class)))
                .one();
    }

    /** The account's journal, newest first. */
    public Flux<JournalLine> journal(Caller caller, String personId, Page page) {
        return visibleTo(caller, personId).flatMapMany(account -> db.sql("""
                        select t.tx_id, t.kind, t.reference, t.created_at,
                               coalesce(sum(p.amount_fen) filter (where p.ledger = 'AVAILABLE'), 0) as available,
                               coalesce(sum(p.amount_fen) filter (where p.ledger = 'FROZEN'), 0) as frozen
                        from posting p join journal_tx t on t.tx_id = p.tx_id
                        where p.person_id = :p
                        group by t.tx_id
                        order by t.tx_id desc
                        limit :limit offset :offset""")
                .bind("p", personId).bind("limit", page.size()).bind("offset", page.offset())
                .map(row -> {
                    long available = row.get("available", Long.class);
                    long frozen = row.get("frozen", Long.class);
                    return new JournalLine(row.get("tx_id", Long.class), row.get("kind", String.class),
                            row.get("reference", String.class), available, frozen, available + frozen,
                            row.get("created_at", Instant.class));
                })
                .all());
    }

    /**
     * MoveAccount: the account moves to its new pooling area, balance unchanged, once per transfer. AccountMoved is
     * published even when the person has no account (fromPoolingArea is then null), so the saga can always finish.
     * Without an account the move is kept, waiting: {@link #applyWaitingMove} applies it when the transfer's
     * InsuranceTransferred opens the account, so the account ends in the new area whichever arrives first.
     */
    public Mono<Void> move(String transferId, String personId, String toPoolingArea) {
        Instant now = clock.instant();
        return db.sql("""
                        insert into account_move (transfer_id, person_id, from_pooling_area, to_pooling_area, moved_at,
                                                  applied_at)
                        select :t, :p, a.pooling_area, :to, :now, case when a.person_id is null then null else :now end
                        from (select 1) one left join account a on a.person_id = :p
                        on conflict (transfer_id) do nothing
                        returning from_pooling_area""")
                .bind("t", transferId).bind("p", personId).bind("to", toPoolingArea).bind("now", now)
                .map(row -> java.util.Optional.ofNullable(row.get("from_pooling_area", String.class)))
                .one()
                .flatMap(from -> db.sql("update account set pooling_area = :to where person_id = :p")
                        .bind("to", toPoolingArea).bind("p", personId)
                        .fetch().rowsUpdated()
                        .then(outbox.append(new AccountMoved(personId, transferId, from.orElse(null), toPoolingArea, now), personId)))
                .then();
    }

    /**
     * The transfer's move, if MoveAccount came before the account existed: applied now that it does (the account
     * row is locked by the update, so a MoveAccount arriving at the same moment finds the move already recorded).
     */
    public Mono<Void> applyWaitingMove(String transferId) {
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
                .bind("t", transferId).bind("now", clock.instant())
                .fetch().rowsUpdated().then();
    }
}
