package cn.mutualaid.platform.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention     how long an Idempotency-Key and its stored answer are kept; a retry after that is a new request
 * @param lease         how long a claimed key counts as in flight; a request that crashed holding it frees it then
 * @param purgeInterval how often keys older than the retention are deleted
 */
@ConfigurationProperties("mesh.idempotency")
public record IdempotencyProperties(
        @DefaultValue("7d") Duration retention,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10m") Duration purgeInterval) {
}
