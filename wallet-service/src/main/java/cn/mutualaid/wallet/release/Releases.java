package cn.mutualaid.wallet.release;

import cn.mutualaid.contracts.wallet.QuotaReleased;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.ledger.Invariants;
import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.store.Journal;
import cn.mutualaid.wallet.payment.PaymentCaptures;
import cn.mutualaid.wallet.quota.domain.QuotaState;
import cn.mutualaid.wallet.release.domain.ReleaseResult;
import cn.mutualaid.wallet.release.store.ReleaseStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The wallet's step of the dissolution saga (ReleaseQuota → ReleaseQuotaReply), run inside the inbox transaction of
 * the command so that effect, inbox row and reply commit together.
 *
 * <ol>
 *   <li>the relationship is marked DISSOLVING (no new quota change or payment may use it);</li>
 *   <li>every open authorization with a line on its quota is voided as a whole (all its lines go back to their
 *       quotas; PaymentVoided reason RELEASED); voidedHoldFen = what those holds had on this quota;</li>
 *   <li>everything unused is unfrozen to the benefactor's available balance (journal FROZEN → AVAILABLE), the quota is
 *       RELEASED, QuotaReleased is published;</li>
 *   <li>the result is stored per relationship: every later ReleaseQuota for it (same or new event id, same or new
 *       commandId) replies the same releasedFen/voidedHoldFen and moves nothing. No quota → releasedFen 0.</li>
 * </ol>
 */
@Service
public record Releases(ReleaseStore store, PaymentCaptures payments, Journal journal, Outbox outbox,
        Invariants invariants, Clock clock) {
    public Mono<Void> handle(ReleaseQuota command) {
        Instant now = clock.instant();
        return store.markDissolving(command.relationId(), Objects.toString(command.benefactorId(), ""),
                        Objects.toString(command.beneficiaryId(), ""), now)
                .then(store.storedResult(command.relationId()))
                .switchIfEmpty(Mono.defer(() -> release(command, now)))
                .flatMap(result -> outbox.append(new ReleaseQuotaReply(command.commandId(), command.sagaId(),
                        command.relationId(), result.releasedFen(), result.voidedHoldFen(), now), command.relationId()))
                .then();
    }

    private Mono<ReleaseResult> release(ReleaseQuota command, Instant now) {
        return store.lockQuota(command.relationId())
                .flatMap(quota -> store.markQuotaDissolving(quota.quotaId(), now)
                        .then(voidOpenHolds(quota.quotaId(), now))
                        .flatMap(voided -> store.lockQuota(command.relationId())
                                .flatMap(after -> unfreeze(command, after, voided, now))
                                .map(released -> new ReleaseResult(released, voided))))
                .defaultIfEmpty(new ReleaseResult(0, 0))
                .flatMap(result -> store.storeResult(command.relationId(), result, String.valueOf(command.commandId()),
                        String.valueOf(command.sagaId()), now).thenReturn(result));
    }

    /** Voids every open authorization drawing on this quota; returns what they held on it. */
    private Mono<Long> voidOpenHolds(UUID quotaId, Instant now) {
        return payments.voidOpenHoldsOn(quotaId, now)
                .map(voided -> voided.heldOn(quotaId.toString()))
                .reduce(0L, Long::sum);
    }

    /** Everything not used is unfrozen; returns the amount. */
    private Mono<Long> unfreeze(ReleaseQuota command, ReleaseStore.LockedQuota quota, long voidedHoldFen, Instant now) {
        QuotaState released = quota.state().release();
        long amount = released.released() - quota.state().released();
        Mono<Void> money = amount == 0 ? Mono.empty()
                : store.unfreeze(quota.benefactorId(), amount)
                        .flatMap(applied -> applied ? Mono.<Void>empty()
                                : Mono.error(new IllegalStateException("frozen money of the quota is missing")))
                        .then(journal.record("QUOTA_RELEASE", command.relationId(), now,
                                JournalEntry.freeze(quota.benefactorId(), -amount)))
                        .then();
        return store.markReleased(quota.quotaId(), released.released(), now)
                .then(money)
                .then(outbox.append(new QuotaReleased(quota.quotaId().toString(), command.relationId(),
                        quota.benefactorId(), amount, voidedHoldFen, now), command.relationId()))
                .then(invariants.frozenMatchesQuotas(List.of(quota.benefactorId())))
                .thenReturn(amount);
    }
}
