package cn.mutualaid.wallet.payment;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.contracts.wallet.PaymentLine;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.ledger.Invariants;
import cn.mutualaid.wallet.ledger.store.Journal;
import cn.mutualaid.wallet.payment.domain.MoneyMove;
import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.domain.RefundPlan;
import cn.mutualaid.wallet.payment.domain.RefundableLine;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Refunds of a captured payment, the last line drawn first ({@link RefundPlan}). Each part goes back to its quota
 * while the relationship is ACTIVE (frozen again, SPENT → FROZEN), otherwise to the benefactor's available balance
 * (SPENT → AVAILABLE, counted as released on the quota). Lock order: payment row → quota rows → accounts.
 */
@Service
public record PaymentRefunds(PaymentStore store, Idempotency idempotency, Journal journal, Outbox outbox,
        Invariants invariants, PaymentQueries queries, Clock clock) {
    public Mono<Idempotency.Answer<PaymentView>> refund(String providerId, String paymentId, String idempotencyKey,
            long amountFen) {
        return Mono.fromSupplier(() -> PaymentIds.parse(paymentId))
                .flatMap(id -> idempotency.once(providerId, idempotencyKey, PaymentOperations.refund(paymentId, amountFen),
                        PaymentView.class, () -> refund(providerId, id, amountFen)));
    }

    private Mono<PaymentView> refund(String providerId, UUID paymentId, long amountFen) {
        Instant now = clock.instant();
        return store.lock(paymentId)
                .filter(h -> h.providerId().equals(providerId))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("payment")))
                .flatMap(header -> header.refundRefusal().<Mono<Void>>map(Mono::error)
                        .orElseGet(() -> store.lockRefundableLines(paymentId)
                                .flatMap(lines -> apply(header, lines, amountFen, now))))
                .then(queries.load(paymentId));
    }

    private Mono<Void> apply(PaymentHeader header, List<RefundableLine> lines, long amountFen, Instant now) {
        List<RefundPlan.Part> plan = RefundPlan.plan(amountFen, lines.stream().map(RefundableLine::balance).toList());
        Map<Integer, RefundableLine> byNo = lines.stream()
                .collect(Collectors.toMap(RefundableLine::lineNo, Function.identity()));
        List<RefundableLine> touched = plan.stream().map(p -> byNo.get(p.lineNo())).toList();
        MoneyMove move = MoneyMove.refund(plan, byNo);
        UUID refundId = TimeOrderedUuid.next();
        List<PaymentLine> eventLines = plan.stream()
                .map(p -> byNo.get(p.lineNo()).line().toContract(p.amountFen())).toList();
        return store.refundQuotas(plan, touched, now)
                .then(store.changeAccounts(move))
                .then(store.recordRefund(refundId, header.paymentId(), amountFen, plan, touched, now))
                .then(journal.record("REFUND", refundId.toString(), now, move.postings()))
                .then(outbox.append(new PaymentRefunded(header.paymentId().toString(), refundId.toString(),
                        header.providerId(), header.patientId(), header.category(), amountFen, eventLines, now),
                        header.paymentId().toString()))
                .then(invariants.frozenMatchesQuotas(move.accounts().keySet()));
    }
}
