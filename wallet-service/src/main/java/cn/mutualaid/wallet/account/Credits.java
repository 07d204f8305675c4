package cn.mutualaid.wallet.account;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.kernel.Uuids;
import cn.mutualaid.contracts.wallet.AccountCredited;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotentRequest;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.AreaRange;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.account.domain.CreditKind;
import cn.mutualaid.wallet.account.domain.CreditOrder;
import cn.mutualaid.wallet.account.domain.CreditView;
import cn.mutualaid.wallet.account.store.AccountStore;
import cn.mutualaid.wallet.account.store.CreditStore;
import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.store.Journal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Credits into personal accounts, by an agency administering the account's area (others: 404). Up to the four-eyes
 * threshold the money moves at once; above it the credit waits, with no money moved, until another operator of the
 * same area approves it. The request and the approval are each audited in their transaction. Rows are locked
 * account first, then credit, on both paths.
 */
@Service
public class Credits {
    private final AccountStore accounts;
    private final CreditStore store;
    private final Idempotency idempotency;
    private final Journal journal;
    private final Outbox outbox;
    private final Audit audit;
    private final Clock clock;
    private final long fourEyesFen;

    public Credits(AccountStore accounts, CreditStore store, Idempotency idempotency, Journal journal, Outbox outbox,
            Audit audit, Clock clock, WalletProperties properties) {
        this.accounts = accounts;
        this.store = store;
        this.idempotency = idempotency;
        this.journal = journal;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.fourEyesFen = properties.fourEyesFen();
    }

    /**
     * Same reference, amount and kind → the original credit; otherwise a reused reference is 409 REFERENCE_REUSED.
     * A new credit above the threshold is PENDING_APPROVAL.
     */
    public Mono<Idempotency.Answer<CreditView>> request(Caller caller, String personId, String idempotencyKey,
            CreditOrder request) {
        CreditKind kind = request.kind();
        return idempotency.once(caller.subject(), idempotencyKey, IdempotentRequest.of("CREDIT", personId, request),
                CreditView.class, () -> lockedArea(caller, personId)
                .flatMap(area -> store.findByReference(personId, request.reference())
                        .map(existing -> {
                            if (existing.amountFen() != request.amountFen() || existing.kind() != kind) {
                                throw Rejection.conflict("REFERENCE_REUSED",
                                        "this reference was already used for another credit");
                            }
                            return existing;
                        })
                        .switchIfEmpty(Mono.defer(() -> create(caller, personId, area, kind, request)))));
    }

    /**
     * Another operator of the account's area completes a pending credit: the money moves now. The requester gets 403
     * FOUR_EYES_SAME_OPERATOR; an agency of another area, 404. Approving a completed credit changes nothing.
     */
    public Mono<Idempotency.Answer<CreditView>> approve(Caller caller, String creditId, String idempotencyKey) {
        Optional<UUID> id = Uuids.parse(creditId);
        if (id.isEmpty()) {
            return Mono.error(Rejection.notFound("credit"));
        }
        return idempotency.once(caller.subject(), idempotencyKey, IdempotentRequest.on("CREDIT_APPROVE", creditId),
                CreditView.class, () -> store.find(id.get())
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("credit")))
                .flatMap(unlocked -> lockedArea(caller, unlocked.personId())
                        .onErrorMap(Rejection.class, e -> Rejection.notFound("credit"))
                        .flatMap(area -> store.lock(id.get()).flatMap(credit -> {
                            if (!credit.pending()) {
                                return Mono.just(credit);
                            }
                            if (caller.subject().equals(credit.requestedBy())) {
                                return Mono.error(Rejection.forbidden("FOUR_EYES_SAME_OPERATOR",
                                        "a credit above the four-eyes threshold needs another operator's approval"));
                            }
                            return complete(caller, credit, area, "credit.approve");
                        }))));
    }

    /** Credits of the accounts the agency administers in one status (what waits for a second operator), newest first. */
    public Flux<CreditView> list(Caller caller, String status, Page page) {
        AreaRange range = AreaRange.of(caller).orElseThrow(Rejection::forbidden);
        return store.list(range.low(), range.high(), status, page.size(), page.offset());
    }

    /** The account's pooling area, its row locked; 404 unless the caller administers it. */
    private Mono<String> lockedArea(Caller caller, String personId) {
        return accounts.lockArea(personId)
                .filter(caller::administers)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("account")));
    }

    private Mono<CreditView> create(Caller caller, String personId, String area, CreditKind kind, CreditOrder request) {
        Instant now = clock.instant();
        UUID creditId = TimeOrderedUuid.next();
        boolean needsApproval = request.amountFen() > fourEyesFen;
        CreditView pending = new CreditView(creditId.toString(), personId, request.reference(), kind, CreditView.PENDING,
                request.amountFen(), null, null, null, caller.subject(), now, null);
        Mono<CreditView> inserted = store.insertPending(pending)
                .then(audit.record(caller, "credit.request", "credit", creditId.toString(), area,
                        changes(pending, "status", needsApproval ? CreditView.PENDING : CreditView.COMPLETED)))
                .thenReturn(pending);
        return needsApproval ? inserted : inserted.flatMap(credit -> complete(null, credit, area, null));
    }

    /** Moves the money: balance, journal entry, the credit completed, AccountCredited; audited when approved. */
    private Mono<CreditView> complete(Caller approver, CreditView credit, String area, String action) {
        Instant now = clock.instant();
        String approvedBy = approver == null ? null : approver.subject();
        return accounts.addToBalance(credit.personId(), credit.amountFen())
                .switchIfEmpty(Mono.error(() -> Rejection.refused("BALANCE_LIMIT",
                        "the account would hold more than " + Fen.MAX_BALANCE + " fen")))
                .flatMap(balance -> journal.record("CREDIT", credit.reference(), now,
                                JournalEntry.credit(credit.personId(), credit.amountFen()))
                        .flatMap(tx -> store.complete(credit.creditId(), balance, tx.txId(), now, approvedBy,
                                        approver == null ? null : now)
                                .then(outbox.append(new AccountCredited(credit.personId(), credit.amountFen(),
                                        credit.reference(), balance, now), credit.personId()))
                                .then(action == null ? Mono.empty() : audit.record(approver, action, "credit",
                                        credit.creditId(), area, changes(credit, "balanceFen", balance)))
                                .thenReturn(new CreditView(credit.creditId(), credit.personId(), credit.reference(),
                                        credit.kind(), CreditView.COMPLETED, credit.amountFen(), balance, tx.entryNo(), now,
                                        credit.requestedBy(), credit.requestedAt(), approvedBy))));
    }

    private static Map<String, Object> changes(CreditView credit, String key, Object value) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("personId", credit.personId());
        changes.put("amountFen", credit.amountFen());
        changes.put("kind", credit.kind().name());
        changes.put("reference", credit.reference());
        changes.put(key, value);
        return changes;
    }
}
