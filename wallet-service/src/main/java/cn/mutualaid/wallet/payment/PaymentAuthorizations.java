package cn.mutualaid.wallet.payment;

import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotentRequest;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.payment.domain.MoneyMove;
import cn.mutualaid.wallet.payment.domain.PaymentEvaluation;
import cn.mutualaid.wallet.payment.store.PaymentCall;
import cn.mutualaid.wallet.support.Transactions;
import java.util.Optional;
import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.payment.domain.Allocation;
import cn.mutualaid.wallet.payment.domain.ContributionRule;
import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import cn.mutualaid.wallet.payment.domain.PaymentStatus;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.store.ContributionStore;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The first phase of a payment from a beneficiary's quotas: the rules of {@link PaymentEvaluator} (the provider, the
 * category, the patient's code, a contribution's year and standard, the quotas, oldest grant first) are checked, and
 * the amount is held on the quotas (AUTHORIZED) or, with {@code capture}, captured at once. A refused payment changes
 * nothing: the code is not used up either. Two contributions racing for one person-year: the unique key
 * {@code payment_contribution_once} lets one insert through, the other gets CONTRIBUTION_ALREADY_PAID.
 *
 * <p>Lock order: quota rows (oldest grant first) → benefactor accounts (by person id), so concurrent payments queue on
 * the quota rows instead of overdrawing them.
 *
 * <p>Two ways to the database, {@code mesh.wallet.payment-write}: {@code statements} (the rules fetch their facts
 * statement by statement in one transaction, the code used and the quotas locked as they go) and {@code function}
 * (the Idempotency-Key's claim and the facts in one statement, the whole write in one call of {@code wallet_pay};
 * see {@link #oneCall}).
 */
@Service
public record PaymentAuthorizations(PaymentStore store, PaymentCall call, Idempotency idempotency,
        PaymentEvaluator evaluator, PaymentCodes codes, PaymentCaptures captures, Outbox outbox, Clock clock,
        WalletProperties properties, MeterRegistry meters) {
    /** A payment whose one-call write found its facts stale this often is done by the statement path (row locks). */
    static final int ONE_CALL_ATTEMPTS = 3;

    public Mono<Idempotency.Answer<PaymentView>> create(String providerId, String idempotencyKey, PaymentOrder order) {
        IdempotentRequest request = PaymentOperations.authorize(order);
        if (properties.paymentWrite() == WalletProperties.PaymentWrite.STATEMENTS) {
            return idempotency.once(providerId, idempotencyKey, request, PaymentView.class,
                    () -> authorize(providerId, order));
        }
        return idempotency.onceClaimedIn(providerId, idempotencyKey, request, PaymentView.class,
                claim -> {
                    Instant now = clock.instant();
                    return call.facts(claim, providerId, order.patientId(), order.category(), order.contributionYear(),
                                    codes.lookup(order.paymentCode(), now, Optional.empty()))
                            .map(read -> new Idempotency.FirstRead<>(read.claimed(), new Judged(read.value(), now)));
                },
                (held, read) -> oneCall(held, providerId, order, read, 1));
    }

    /** Facts and the instant they were read for, which the payment is judged and dated at. */
    private record Judged(PaymentCall.Facts facts, Instant now) {
    }

    /** The facts read afresh (the first attempt's came with the key's claim, unless it was claimed on its own). */
    private Mono<Judged> facts(String providerId, PaymentOrder order) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return call.facts(providerId, order.patientId(), order.category(), order.contributionYear(),
                    codes.lookup(order.paymentCode(), now, Optional.empty())).map(facts -> new Judged(facts, now));
        });
    }

    private Mono<PaymentView> authorize(String providerId, PaymentOrder order) {
        Instant now = clock.instant();
        return evaluator.evaluate(providerId, order, now, PaymentEvaluator.Mode.PAY)
                .flatMap(verdict -> verdict.allowed()
                        ? hold(providerId, order, verdict.spendArea(), verdict.parts(), now)
                        : Mono.error(verdict.refusal()));
    }

    private Mono<PaymentView> hold(String providerId, PaymentOrder order, String spendArea,
            List<Allocation.Part> parts, Instant now) {
        List<PaymentView.Line> lines = Allocation.lines(parts, spendArea);
        PaymentHeader header = header(providerId, order, spendArea, now);
        return store.insert(header, lines)
                .onErrorMap(ContributionStore::takenMeanwhile, e -> ContributionRule.alreadyPaid(order))
                .then(order.capture() ? captures.settle(header, lines, now) : Mono.empty())
                .thenReturn(header.view(lines, List.of()));
    }

    private PaymentHeader header(String providerId, PaymentOrder order, String spendArea, Instant now) {
        boolean capture = order.capture();
        return new PaymentHeader(TimeOrderedUuid.next(), providerId, order.patientId(), order.category(),
                order.contributionYear(), order.amountFen(), capture ? PaymentStatus.CAPTURED : PaymentStatus.AUTHORIZED,
                0, spendArea, now, now.plus(properties.holdTtl()), capture ? now : null, null, null);
    }

    /**
     * The payment in two round trips: the facts in one statement that also claims the key ({@link Idempotency}
     * places the claim: {@code read}; empty when the key was claimed on its own, then the facts are read here), judged
     * by {@link PaymentEvaluator}, and the whole write in one call that also stores the answer under the key. When the
     * call finds the facts stale (the code or a quota changed meanwhile) the payment is judged again on fresh facts;
     * after {@link #ONE_CALL_ATTEMPTS} it takes the statement path, whose row locks make it wait its turn. A deadlock
     * or serialization failure is judged again the same way.
     */
    private Mono<PaymentView> oneCall(Idempotency.Held held, String providerId, PaymentOrder order,
            Optional<Judged> read, int attempt) {
        if (attempt > 1) {
            // How often facts go stale shows contention on one patient's quotas (or a code used twice at once).
            meters.counter("mesh.wallet.payment.stale", "then",
                    attempt > ONE_CALL_ATTEMPTS ? "statement-path" : "judged-again").increment();
        }
        if (attempt > ONE_CALL_ATTEMPTS) {
            return held.inTransaction(() -> authorize(providerId, order));
        }
        return read.map(Mono::just).orElseGet(() -> facts(providerId, order))
                .flatMap(j -> evaluator.evaluate(providerId, order, j.now(), j.facts())
                        .flatMap(verdict -> verdict.allowed() ? write(held, providerId, order, j.facts(), verdict, j.now())
                                : Mono.error(verdict.refusal())))
                .flatMap(written -> written.isPresent() ? Mono.just(written.get())
                        : oneCall(held, providerId, order, Optional.empty(), attempt + 1));
    }

    /** @return the answer, or empty when the facts were stale */
    private Mono<Optional<PaymentView>> write(Idempotency.Held held, String providerId, PaymentOrder order,
            PaymentCall.Facts facts, PaymentEvaluation verdict, Instant now) {
        List<PaymentView.Line> lines = Allocation.lines(verdict.parts(), verdict.spendArea());
        PaymentHeader header = header(providerId, order, verdict.spendArea(), now);
        PaymentView view = header.view(lines, List.of());
        MoneyMove move = order.capture() ? MoneyMove.capture(lines) : null;
        Outbox.Row event = order.capture() ? outbox.row(PaymentCaptures.captured(header, lines, now),
                header.paymentId().toString()) : null;
        return call.pay(new PaymentCall.Key(held.callerId(), held.key(), held.owner(), held.answer(view)),
                        codes.lookup(order.paymentCode(), now, Optional.of(facts.code())), header, lines, move, event,
                        properties.assertInvariants())
                .onErrorMap(ContributionStore::takenMeanwhile, e -> ContributionRule.alreadyPaid(order))
                // A deadlock rolled the call back: nothing was written, judge again like stale facts.
                .onErrorResume(Transactions::isTransient, e -> Mono.just(PaymentCall.Outcome.STALE))
                .flatMap(outcome -> switch (outcome) {
                    case DONE -> (event == null ? Mono.<Void>empty() : outbox.written(event))
                            .thenReturn(Optional.of(view));
                    case STALE -> Mono.just(Optional.<PaymentView>empty());
                    case KEY_LOST -> Mono.error(held.lost());
                });
    }
}
