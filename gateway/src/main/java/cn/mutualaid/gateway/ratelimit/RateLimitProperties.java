package cn.mutualaid.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-caller rate limits. Every route shares the default bucket unless {@code routes.<route id>} gives it its own
 * (payments: {@code wallet-payments}). {@code trustedProxies}: how many proxies in front of the gateway append to
 * X-Forwarded-For (0: the TCP peer is the client). With Redis, {@code localShare} of a caller's bucket is spent by each
 * gateway on its own and reported to Redis every {@code syncInterval} ({@link LocalFirstRateLimitStore}); 0: every
 * request asks Redis.
 */
@ConfigurationProperties("mesh.rate-limit")
public record RateLimitProperties(@DefaultValue("redis") Store store, @DefaultValue Limit defaultLimit,
        @DefaultValue Map<String, Limit> routes, @DefaultValue("0") int trustedProxies,
        @DefaultValue("0.5") double localShare, @DefaultValue("200ms") Duration syncInterval) {

    public RateLimitProperties {
        if (localShare < 0 || localShare > 1) {
            throw new IllegalArgumentException("mesh.rate-limit.local-share must be between 0 and 1");
        }
    }

    public enum Store { REDIS, MEMORY }

    /** A token bucket: refilled at {@code replenishRate} tokens per second, holding at most {@code burstCapacity}. */
    public record Limit(@DefaultValue("20") double replenishRate, @DefaultValue("40") int burstCapacity) {
        public Limit {
            if (replenishRate <= 0 || burstCapacity < 1) {
                throw new IllegalArgumentException("a rate limit needs replenish-rate > 0 and burst-capacity >= 1");
            }
        }
    }

    /** A named bucket and its limit. */
    public record Bucket(String name, Limit limit) {
    }

    public Bucket bucketFor(String routeId) {
        Limit own = routes.get(routeId);
        return own == null ? new Bucket("default", defaultLimit) : new Bucket(routeId, own);
    }
}
