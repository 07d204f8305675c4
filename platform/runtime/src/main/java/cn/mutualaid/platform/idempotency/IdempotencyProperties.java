package cn.mutualaid.platform.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention     how long an Idempotency-Key and its stored answer are kept; a retry after that is a new request
 * @param lease         how long a claimed key counts as in flight; a request that crashed holding it frees it then
 * @param purgeInterval how often keys older than the retention are deleted
 * @param foldClaim     whether work that can fold the key's claim into its own first statement
 *                      ({@link Idempotency#onceClaimedIn}) does so, sparing the claim's own round trip; false: the
 *                      claim is a statement of its own, as for all other work (to measure the difference)
 */
@ConfigurationProperties("mesh.idempotency")
public record IdempotencyProperties(
        @DefaultValue("7d") Duration retention,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10m") Duration purgeInterval,
        @DefaultValue("true") boolean foldClaim) {
}
