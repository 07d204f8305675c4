package cn.mutualaid.gateway.ratelimit;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** Where token buckets live: Redis (shared by every gateway instance) or this process's memory. */
public interface RateLimitStore {

    /** Takes one token from the bucket {@code key}, created full on first use. */
    Mono<Decision> take(String key, RateLimitProperties.Limit limit);

    /** Allowed, or refused until a token will be there again. */
    record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }
}
