package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentVoided;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.ledger.Invariants;
import cn.mutualaid.wallet.ledger.store.Journal;
import cn.mutualaid.wallet.payment.domain.MoneyMove;
import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.domain.VoidReason;
import cn.mutualaid.wallet.payment.domain.VoidedHold;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import cn.mutualaid.wallet.support.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The second phase of a payment: capture (held → used, the money leaves the benefactors' accounts) or void (held →
 * remaining), by the provider, by the hold sweeper when it expired, or by a quota's release. Lock order as on every
 * path: payment row → quota rows → accounts (by person id).
 */
@Service
public record PaymentCaptures(PaymentStore store, Transactions tx, Idempotency idempotency, Journal journal,
        Outbox outbox, Invariants invariants, Clock clock) {
    public Mono<Idempotency.Answer<PaymentView>> capture(String providerId, String paymentId, String idempotencyKey) {
        return stateChange(providerId, paymentId, PaymentOperations.Operation.CAPTURE, idempotencyKey, id -> capture(providerId, id));
    }

    public Mono<Idempotency.Answer<PaymentView>> voidByProvider(String providerId, String paymentId, String idempotencyKey) {
        return stateChange(providerId, paymentId, PaymentOperations.Operation.VOID, idempotencyKey, id -> {
            Instant now = clock.instant();
            return voidHold(id, providerId, VoidReason.PROVIDER, now, false)
                    .switchIfEmpty(Mono.defer(() -> refuseStateChange(providerId, id, now)
                            .map(h -> new VoidedHold(h, List.of()))))
                    .map(v -> v.header().view(v.lines(), List.of()));
        });
    }

    /**
     * Runs a capture or void; with an Idempotency-Key (optional here, the payment's state already guards against a
     * double effect) a retry gets the stored response, marked replayed, instead of 409 PAYMENT_NOT_AUTHORIZED.
     */
    private Mono<Idempotency.Answer<PaymentView>> stateChange(String providerId, String paymentId, PaymentOperations.Operation operation,
            String idempotencyKey, Function<UUID, Mono<PaymentView>> change) {
        return Mono.fromSupplier(() -> PaymentIds.parse(paymentId))
                .flatMap(id -> idempotencyKey == null ? tx.run(() -> change.apply(id)).map(Idempotency.Answer::fresh)
                        : idempotency.once(providerId, idempotencyKey, PaymentOperations.onPayment(operation, paymentId),
                                PaymentView.class, () -> change.apply(id)));
    }

    private Mono<PaymentView> capture(String providerId, UUID paymentId) {
        Instant now = clock.instant();
        return store.markCaptured(paymentId, providerId, now)
                .switchIfEmpty(Mono.defer(() -> refuseStateChange(providerId, paymentId, now)))
                .flatMap(header -> store.lines(header.paymentId()).flatMap(lines -> store.captureHeld(lines, now)
                        .then(settle(header, lines, now))
                        .thenReturn(header.view(lines, List.of()))));
    }

    /** Money leaves the benefactors' accounts (balance and frozen both fall; journal FROZEN → SPENT); PaymentCaptured. */
    Mono<Void> settle(PaymentHeader header, List<PaymentView.Line> lines, Instant now) {
        MoneyMove move = MoneyMove.capture(lines);
        String paymentId = header.paymentId().toString();
        return store.changeAccounts(move)
                .then(journal.record("CAPTURE", paymentId, now, move.postings()))
                .then(outbox.append(captured(header, lines, now), paymentId))
                .then(invariants.frozenMatchesQuotas(move.accounts().keySet()));
    }

    static PaymentCaptured captured(PaymentHeader header, List<PaymentView.Line> lines, Instant now) {
        return new PaymentCaptured(header.paymentId().toString(), header.providerId(), header.patientId(),
                header.category(), header.amountFen(), lines.stream().map(l -> l.toContract(l.amountFen())).toList(),
                now);
    }

    /**
     * Voids an open authorization inside the caller's transaction: held goes back to each quota's remaining,
     * PaymentVoided is published. Empty when the payment is not (or no longer) AUTHORIZED, or not this provider's.
     *
     * @param providerId only this provider's payment, or null for any (expiry, release)
     * @param onlyExpired only if the hold has expired (the sweeper)
     */
    public Mono<VoidedHold> voidHold(UUID paymentId, String providerId, VoidReason reason, Instant now,
            boolean onlyExpired) {
        return store.markVoided(paymentId, providerId, reason, now, onlyExpired)
                .flatMap(header -> store.lines(paymentId).flatMap(lines -> store.releaseHeld(lines, now)
                        .then(outbox.append(new PaymentVoided(paymentId.toString(), header.providerId(),
                                header.patientId(), header.amountFen(), reason.name(), now), paymentId.toString()))
                        .thenReturn(new VoidedHold(header, lines))));
    }

    /** Voids, as a whole, every open authorization with a line on this quota (its relationship is being released). */
    public Flux<VoidedHold> voidOpenHoldsOn(UUID quotaId, Instant now) {
        return store.openHoldsOn(quotaId)
                .concatMap(paymentId -> voidHold(paymentId, null, VoidReason.RELEASED, now, false));
    }

    /** Why a capture/void matched nothing: unknown or another provider's → 404; otherwise its state → 409. */
    private Mono<PaymentHeader> refuseStateChange(String providerId, UUID paymentId, Instant now) {
        return store.find(paymentId)
                .filter(h -> h.providerId().equals(providerId))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("payment")))
                .flatMap(h -> Mono.error(h.notAuthorized(now)));
    }
}
