package cn.mutualaid.wallet.quota;

import cn.mutualaid.contracts.wallet.QuotaAdjusted;
import cn.mutualaid.contracts.wallet.QuotaGranted;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.activation.domain.Activated;
import cn.mutualaid.wallet.activation.domain.Activated.Use;
import cn.mutualaid.wallet.ledger.Invariants;
import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.store.Journal;
import cn.mutualaid.wallet.quota.domain.QuotaState;
import cn.mutualaid.wallet.quota.domain.QuotaView;
import cn.mutualaid.wallet.quota.store.QuotaStore;
import cn.mutualaid.wallet.support.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sets quotas. Rows are locked in the mesh-wide order relation → quota → account, so a quota change, a payment, a
 * dissolution and a release never wait on each other in a circle.
 */
@Service
public record Quotas(QuotaStore store, Transactions tx, Journal journal, Outbox outbox, Invariants invariants,
        Audit audit, Clock clock) {
    /**
     * PUT: the benefactor sets the new total granted. Raising freezes the difference if it is available (else 422
     * INSUFFICIENT_BALANCE); lowering unfreezes, never below used + held (422 QUOTA_BELOW_USED). Only for a relationship
     * the wallet knows as ACTIVE (else 409 RELATION_NOT_ACTIVE) and from an activated wallet (else 409
     * WALLET_NOT_ACTIVE); only by its benefactor (beneficiary: 403; others: 404).
     */
    public Mono<QuotaView> set(Caller caller, String relationId, long amountFen) {
        return tx.run(() -> store.shareLockRelation(relationId)
                .switchIfEmpty(Mono.error(() -> notActive()))
                .flatMap(relation -> {
                    if (!caller.isPerson(relation.benefactorId())) {
                        return Mono.error(caller.isPerson(relation.beneficiaryId()) ? Rejection.forbidden()
                                : Rejection.notFound("relationship"));
                    }
                    if (!"ACTIVE".equals(relation.status())) {
                        return Mono.error(notActive());
                    }
                    Optional<Rejection> inactiveWallet = Activated.refusal(relation.benefactorWalletActive(), Use.SET_QUOTA);
                    if (inactiveWallet.isPresent()) {
                        return Mono.error(inactiveWallet.get());
                    }
                    return change(caller, relationId, relation, amountFen);
                }));
    }

    private Mono<QuotaView> change(Caller caller, String relationId, QuotaStore.Relation relation, long amountFen) {
        Instant now = clock.instant();
        return store.createIfAbsent(relationId, relation, now)
                .flatMap(created -> store.lock(relationId)
                        .flatMap(quota -> {
                            if (!"ACTIVE".equals(quota.status())) {
                                return Mono.error(notActive());
                            }
                            long delta = state(quota).deltaTo(amountFen);
                            return moveFrozen(relation.benefactorId(), delta)
                                    .then(store.setGranted(quota.quotaId(), amountFen, now))
                                    .then(delta == 0 ? Mono.empty()
                                            : journal.record(delta > 0 ? "QUOTA_FREEZE" : "QUOTA_UNFREEZE", relationId, now,
                                                    JournalEntry.freeze(relation.benefactorId(), delta)))
                                    .then(created
                                            ? outbox.append(new QuotaGranted(quota.quotaId(), relationId, relation.benefactorId(),
                                                    relation.beneficiaryId(), amountFen, now), relationId)
                                            : delta == 0 ? Mono.empty()
                                            : outbox.append(new QuotaAdjusted(quota.quotaId(), relationId, quota.grantedFen(),
                                                    amountFen, now), relationId))
                                    .then(invariants.frozenMatchesQuotas(List.of(relation.benefactorId())))
                                    .then(audited(caller, quota, amountFen))
                                    .thenReturn(withGranted(quota, amountFen));
                        }));
    }

    /** The change, in the benefactor's account area (the money it freezes is theirs). */
    private Mono<Void> audited(Caller caller, QuotaView quota, long amountFen) {
        return store.accountArea(quota.benefactorId())
                .flatMap(area -> audit.record(caller, "quota.set", "quota", quota.relationId(), area,
                        Map.of("quotaId", quota.quotaId(), "beneficiaryId", quota.beneficiaryId(),
                                "fromGrantedFen", quota.grantedFen(), "grantedFen", amountFen)));
    }

    /** Freezes (delta > 0, only if available) or unfreezes (delta < 0) money in the benefactor's account. */
    private Mono<Void> moveFrozen(String benefactorId, long delta) {
        if (delta == 0) {
            return Mono.empty();
        }
        return store.moveFrozen(benefactorId, delta)
                .flatMap(applied -> {
                    if (applied) {
                        return Mono.<Void>empty();
                    }
                    return Mono.error(delta > 0
                            ? Rejection.refused("INSUFFICIENT_BALANCE",
                                    "the account's available balance is less than the increase of " + delta + " fen")
                            : new IllegalStateException("cannot unfreeze " + (-delta) + " fen for " + benefactorId));
                });
    }

    /** Quotas the caller gave or received, newest first. */
    public Flux<QuotaView> ofPerson(String personId, Page page) {
        return store.ofPerson(personId, page.size(), page.offset())
                .map(q -> new QuotaView(q.quotaId(), q.relationId(), q.benefactorId(), q.beneficiaryId(),
                        personId.equals(q.benefactorId()) ? "GIVEN" : "RECEIVED", q.grantedFen(), q.usedFen(), q.heldFen(),
                        q.remainingFen(), q.releasedFen(), q.status(), q.createdAt()));
    }

    static Rejection notActive() {
        return Rejection.conflict("RELATION_NOT_ACTIVE", "the relationship is not active in the wallet");
    }

    static QuotaState state(QuotaView q) {
        return new QuotaState(q.grantedFen(), q.usedFen(), q.heldFen(), q.releasedFen());
    }

    private static QuotaView withGranted(QuotaView q, long granted) {
        QuotaState s = state(q).withGranted(granted);
        return new QuotaView(q.quotaId(), q.relationId(), q.benefactorId(), q.beneficiaryId(), "GIVEN", s.granted(),
                s.used(), s.held(), s.remaining(), s.released(), q.status(), q.createdAt());
    }

}
