package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.kernel.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a payment as they were checked, in order up to the first that refused, and what they decided: the
 * refusal (the exact rejection the payment answers), or the spend area and the parts the quotas pay. The real payment
 * writes what an allowed evaluation says; its explanation shows it.
 */
public record PaymentEvaluation(List<PaymentCheck> checks, Rejection refusal, String spendArea,
        List<Allocation.Part> parts) {

    public boolean allowed() {
        return refusal == null;
    }

    /** Collects the checks while the rules run; each rule reports through {@link #pass} or {@link #fail}. */
    public static final class Trail {
        private final List<PaymentCheck> checks = new ArrayList<>();
        private boolean failed;

        public void pass(String rule, Object... facts) {
            checks.add(PaymentCheck.of(rule, true, facts));
        }

        /** Records the failed rule, its reason among its facts; returns the refusal to end the evaluation with. */
        public Rejection fail(String rule, Rejection refusal, Object... facts) {
            Object[] withReason = new Object[facts.length + 4];
            System.arraycopy(facts, 0, withReason, 0, facts.length);
            withReason[facts.length] = "code";
            withReason[facts.length + 1] = refusal.code();
            withReason[facts.length + 2] = "reason";
            withReason[facts.length + 3] = refusal.detail();
            checks.add(PaymentCheck.of(rule, false, withReason));
            failed = true;
            return refusal;
        }

        /** Records the rule as {@code refusal} says: passed when empty, else failed and the refusal is thrown. */
        public void check(String rule, Optional<Rejection> refusal, Object... facts) {
            if (refusal.isPresent()) {
                throw fail(rule, refusal.get(), facts);
            }
            pass(rule, facts);
        }

        /**
         * The evaluation ended by {@code refusal}; a rejection no rule reported (none should exist) is still the
         * answer, recorded as a failed check of its own so the explanation never hides why.
         */
        public PaymentEvaluation refused(Rejection refusal) {
            if (!failed) {
                fail("UNEXPECTED", refusal);
            }
            return new PaymentEvaluation(List.copyOf(checks), refusal, null, List.of());
        }

        public PaymentEvaluation allowed(String spendArea, List<Allocation.Part> parts) {
            return new PaymentEvaluation(List.copyOf(checks), null, spendArea, List.copyOf(parts));
        }
    }
}
