package cn.mutualaid.wallet.account;

import cn.mutualaid.contracts.wallet.AccountMoved;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.account.domain.AccountView;
import cn.mutualaid.wallet.account.domain.JournalLine;
import cn.mutualaid.wallet.account.store.AccountStore;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Personal accounts: opening (from registry events), reads, and the move after a transfer (credits: {@link Credits}). */
@Service
public record Accounts(AccountStore store, Outbox outbox, Clock clock) {

    /** Opens an empty account if the person has none; an existing account keeps its area and money. */
    public Mono<Void> openIfAbsent(String personId, String poolingArea) {
        return store.openIfAbsent(personId, poolingArea, clock.instant());
    }

    /** The account if the caller is its owner or an agency administering its area; otherwise not found. */
    public Mono<AccountView> visibleTo(Caller caller, String personId) {
        return store.find(personId)
                .filter(a -> caller.isPerson(personId) || caller.administers(a.poolingArea()))
                .switchIfEmpty(Mono.error(Rejection.notFound("account")));
    }

    /** The account's journal, newest first. */
    public Flux<JournalLine> journal(Caller caller, String personId, Page page) {
        return visibleTo(caller, personId).flatMapMany(account -> store.journal(personId, page.size(), page.offset()));
    }

    /**
     * MoveAccount: the account moves to its new pooling area, balance unchanged, once per transfer. AccountMoved is
     * published even when the person has no account (fromPoolingArea is then null), so the saga can always finish.
     * Without an account the move is kept, waiting: {@link #applyWaitingMove} applies it when the transfer's
     * InsuranceTransferred opens the account, so the account ends in the new area whichever arrives first.
     */
    public Mono<Void> move(String transferId, String personId, String toPoolingArea) {
        Instant now = clock.instant();
        return store.recordMove(transferId, personId, toPoolingArea, now)
                .flatMap(from -> store.setArea(personId, toPoolingArea)
                        .then(outbox.append(new AccountMoved(personId, transferId, from.orElse(null), toPoolingArea, now), personId)))
                .then();
    }

    /** The transfer's move, if MoveAccount came before the account existed: applied now that it does. */
    public Mono<Void> applyWaitingMove(String transferId) {
        return store.applyWaitingMove(transferId, clock.instant());
    }
}
