package cn.mutualaid.gateway.ratelimit;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Buckets in this process's memory: for one gateway without Redis (the launcher's fallback). Limits are per
 * instance, so N instances would allow N times the rate. Buckets that have refilled are dropped now and then.
 */
public class MemoryRateLimitStore implements RateLimitStore {
    private static final int SWEEP_ABOVE = 10_000;
    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryRateLimitStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Decision> take(String key, RateLimitProperties.Limit limit) {
        return Mono.fromSupplier(() -> takeNow(key, limit));
    }

    Decision takeNow(String key, RateLimitProperties.Limit limit) {
        long now = clock.millis();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.expiresAtMillis() <= now);
        }
        AtomicReference<Decision> decision = new AtomicReference<>();
        buckets.compute(key, (k, bucket) -> {
            TokenBucket.Outcome outcome = TokenBucket.take(bucket, limit, now);
            decision.set(outcome.decision());
            return outcome.bucket();
        });
        return decision.get();
    }

    int size() {
        return buckets.size();
    }
}
