package cn.mutualaid.wallet.payment;

import cn.mutualaid.platform.idempotency.Idempotency;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The first phase of a payment from a beneficiary's quotas: the rules of {@link PaymentEvaluator} (the provider, the
 * category, the patient's code, a contribution's year and standard, the quotas, oldest grant first) are checked, and
 * the amount is held on the quotas (AUTHORIZED) or, with {@code capture}, captured at once. A refused payment changes
 * nothing: the code is not used up either. Two contributions racing for one person-year: the unique index
 * {@code payment_contribution_once} lets one insert through, the other gets CONTRIBUTION_ALREADY_PAID.
 *
 * <p>Lock order: quota rows (oldest grant first) → benefactor accounts (by person id), so concurrent payments queue on
 * the quota rows instead of overdrawing them.
 */
@Service
public record PaymentAuthorizations(PaymentStore store, Idempotency idempotency, PaymentEvaluator evaluator,
        PaymentCaptures captures, Clock clock, WalletProperties properties) {
    public Mono<Idempotency.Answer<PaymentView>> create(String providerId, String idempotencyKey, PaymentOrder order) {
        return idempotency.once(providerId, idempotencyKey, PaymentOperations.authorize(order), PaymentView.class,
                () -> authorize(providerId, order));
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
        boolean capture = order.capture();
        PaymentHeader header = new PaymentHeader(TimeOrderedUuid.next(), providerId, order.patientId(), order.category(),
                order.contributionYear(), order.amountFen(), capture ? PaymentStatus.CAPTURED : PaymentStatus.AUTHORIZED, 0, spendArea, now,
                now.plus(properties.holdTtl()), capture ? now : null, null, null);
        return store.insert(header, lines)
                .onErrorMap(ContributionStore::takenMeanwhile, e -> ContributionRule.alreadyPaid(order))
                .then(capture ? captures.settle(header, lines, now) : Mono.empty())
                .thenReturn(header.view(lines, List.of()));
    }
}
