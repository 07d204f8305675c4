package cn.mutualaid.wallet.payment;

import cn.mutualaid.wallet.payment.domain.PaymentEvaluation;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.payment.store.PaymentCall;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A dry run of a payment: the same rules in the same order and on the same facts as the payment itself
 * ({@link PaymentEvaluator}), with the code checked but not used and the quotas read but not locked. Nothing is
 * written: no payment, no hold, no event, no Idempotency-Key, no audit entry (it changes nothing, so there is nothing
 * to audit).
 */
@Service
public record PaymentExplainer(PaymentEvaluator evaluator, PaymentCall call, PaymentCodes codes, Clock clock,
        WalletProperties properties) {
    public Mono<PaymentEvaluation> explain(String providerId, PaymentOrder order) {
        Instant now = clock.instant();
        if (properties.paymentWrite() == WalletProperties.PaymentWrite.STATEMENTS) {
            return evaluator.evaluate(providerId, order, now, PaymentEvaluator.Mode.EXPLAIN);
        }
        // The facts the payment's own evaluation reads (mesh.wallet.payment-write=function), in the one statement.
        return call.facts(providerId, order.patientId(), order.category(), order.contributionYear(),
                        codes.lookup(order.paymentCode(), now, Optional.empty()))
                .flatMap(facts -> evaluator.evaluate(providerId, order, now, facts));
    }
}
