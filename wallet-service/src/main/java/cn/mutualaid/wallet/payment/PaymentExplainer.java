package cn.mutualaid.wallet.payment;

import cn.mutualaid.wallet.payment.domain.PaymentEvaluation;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import java.time.Clock;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A dry run of a payment: the same rules in the same order and on the same facts as the payment itself
 * ({@link PaymentEvaluator}), with the code checked but not used and the quotas read but not locked. Nothing is
 * written: no payment, no hold, no event, no Idempotency-Key, no audit entry (it changes nothing, so there is nothing
 * to audit).
 */
@Service
public record PaymentExplainer(PaymentEvaluator evaluator, Clock clock) {
    public Mono<PaymentEvaluation> explain(String providerId, PaymentOrder order) {
        return evaluator.evaluate(providerId, order, clock.instant(), PaymentEvaluator.Mode.EXPLAIN);
    }
}
