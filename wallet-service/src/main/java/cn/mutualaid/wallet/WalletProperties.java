package cn.mutualaid.wallet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Wallet tuning.
 *
 * @param paymentCodeTtl how long a payment code (the dynamic 医保码) may be used
 * @param holdTtl how long an authorization holds quota before the sweeper voids it
 * @param holdSweepInterval how often expired holds are looked for
 * @param assertInvariants re-check the frozen = sum(quotas) invariant of touched accounts inside every money
 *        transaction (one indexed query); a violation rolls the transaction back
 * @param fourEyesFen a credit above this amount waits for a second operator's approval
 * @param ledgerCheck how the ledger check is kept from starving payments
 * @param paymentWrite how a payment (POST /api/v1/payments) reaches the database: {@code function} (the facts in one
 *        statement that also claims the Idempotency-Key, the whole write in one call of the V11 function
 *        {@code wallet_pay}: two round trips; three with {@code mesh.idempotency.fold-claim=false}) or
 *        {@code statements} (a transaction of a dozen statements); both side by side for measurement
 *        ({@code MESH_WALLET_PAYMENT_WRITE})
 */
@ConfigurationProperties("mesh.wallet")
public record WalletProperties(
        @DefaultValue("60s") Duration paymentCodeTtl,
        @DefaultValue("15m") Duration holdTtl,
        @DefaultValue("5s") Duration holdSweepInterval,
        @DefaultValue("true") boolean assertInvariants,
        @DefaultValue("1000000") long fourEyesFen,
        @DefaultValue LedgerCheckLimits ledgerCheck,
        @DefaultValue("function") PaymentWrite paymentWrite) {

    /** See {@code paymentWrite}. */
    public enum PaymentWrite {
        FUNCTION, STATEMENTS
    }

    /**
     * @param cacheTtl an answer is reused for this long per scope (0: never)
     * @param maxWait a check waits this long for the one running on this instance to finish, then 503
     * @param statementTimeout the database cancels any of the check's statements running longer (then 503)
     */
    public record LedgerCheckLimits(
            @DefaultValue("10s") Duration cacheTtl,
            @DefaultValue("2s") Duration maxWait,
            @DefaultValue("30s") Duration statementTimeout) {
    }
}
