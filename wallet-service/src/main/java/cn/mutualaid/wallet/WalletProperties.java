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
 * @param idempotencyRetention how long an Idempotency-Key and its stored response are kept
 * @param assertInvariants re-check the frozen = sum(quotas) invariant of touched accounts inside every money
 *        transaction (one indexed query); a violation rolls the transaction back
 */
@ConfigurationProperties("mesh.wallet")
public record WalletProperties(
        @DefaultValue("60s") Duration paymentCodeTtl,
        @DefaultValue("15m") Duration holdTtl,
        @DefaultValue("5s") Duration holdSweepInterval,
        @DefaultValue("7d") Duration idempotencyRetention,
        @DefaultValue("true") boolean assertInvariants) {
}
