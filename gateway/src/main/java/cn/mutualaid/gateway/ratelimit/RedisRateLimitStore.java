package cn.mutualaid.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Buckets in Redis, shared by every gateway instance; one atomic Lua call per request. When Redis fails or is slow
 * the call is let through (fail open) and a warning is logged at most once a minute: losing the limiter must not
 * take the API down with it.
 */
public class RedisRateLimitStore implements RateLimitStore {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimitStore.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final RedisScript<List<Long>> SCRIPT = (RedisScript) RedisScript.of(
            new ClassPathResource("cn/mutualaid/gateway/ratelimit/token-bucket.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final AtomicLong lastWarning = new AtomicLong();

    public RedisRateLimitStore(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Mono<Decision> take(String key, RateLimitProperties.Limit limit) {
        return redis.execute(SCRIPT, List.of(key),
                        List.of(String.valueOf(limit.replenishRate()), String.valueOf(limit.burstCapacity())))
                .reduce(new ArrayList<Long>(), (all, part) -> {
                    all.addAll(part);
                    return all;
                })
                .map(result -> result.get(0) == 1L ? Decision.ALLOWED
                        : new Decision(false, Duration.ofMillis(result.get(1))))
                .timeout(MAX_WAIT)
                .onErrorResume(error -> {
                    warn(error);
                    return Mono.just(Decision.ALLOWED);
                });
    }

    private void warn(Throwable error) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
            log.warn("rate limiter: Redis did not answer ({}); letting requests through", error.toString());
        }
    }
}
