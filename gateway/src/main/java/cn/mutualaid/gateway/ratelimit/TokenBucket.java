package cn.mutualaid.gateway.ratelimit;

import java.time.Duration;

/**
 * The token bucket arithmetic, as plain values (the Redis store runs the same steps in token-bucket.lua). A bucket
 * refills continuously; once it would be full again it may be forgotten ({@code expiresAt}), as a new bucket is full.
 */
record TokenBucket(double tokens, long atMillis, long expiresAtMillis) {

    record Outcome(TokenBucket bucket, RateLimitStore.Decision decision) {
    }

    /** Takes one token from {@code bucket} (null: a new, full bucket) at {@code nowMillis}. */
    static Outcome take(TokenBucket bucket, RateLimitProperties.Limit limit, long nowMillis) {
        double capacity = limit.burstCapacity();
        double perMilli = limit.replenishRate() / 1000.0;
        double tokens = capacity;
        if (bucket != null) {
            long elapsed = Math.max(0, nowMillis - bucket.atMillis());
            tokens = Math.min(capacity, bucket.tokens() + elapsed * perMilli);
        }
        RateLimitStore.Decision decision;
        if (tokens >= 1) {
            tokens -= 1;
            decision = RateLimitStore.Decision.ALLOWED;
        } else {
            decision = new RateLimitStore.Decision(false, Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli)));
        }
        long untilFull = (long) Math.ceil((capacity - tokens) / perMilli);
        return new Outcome(new TokenBucket(tokens, nowMillis, nowMillis + untilFull), decision);
    }
}
