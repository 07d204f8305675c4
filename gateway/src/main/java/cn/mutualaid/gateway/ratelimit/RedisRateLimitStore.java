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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Buckets in Redis, shared by every gateway instance; one atomic Lua call per request ({@link #take}), or per batch
 * of buckets settled at once ({@link #settle}, for {@link LocalFirstRateLimitStore}). When Redis fails or is slow a
 * request is let through (fail open) and a warning is logged at most once a minute: losing the limiter must not take
 * the API down with it.
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

    /**
     * Makes Lettuce's connection now, on a worker, so that the first requests neither wait for it nor are let through
     * unchecked because it was not there yet. A failure is only logged: the next call tries again.
     */
    public RedisRateLimitStore connect() {
        Mono.defer(() -> redis.hasKey("mesh:rate:connect"))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(exists -> log.debug("rate limiter: connected to Redis"), this::warn);
        return this;
    }

    /** What a gateway settles for one bucket: tokens it already let through, and whether it asks for one more. */
    public record Charge(String key, RateLimitProperties.Limit limit, long spent, boolean take) {
    }

    /** A bucket after settling: the decision on the token asked for (if any) and the tokens left (below 0: a debt). */
    public record Balance(Decision decision, double tokens) {
    }

    @Override
    public Mono<Decision> take(String key, RateLimitProperties.Limit limit) {
        return settle(List.of(new Charge(key, limit, 0, true)))
                .map(balances -> balances.get(0).decision())
                .onErrorResume(error -> {
                    warn(error);
                    return Mono.just(Decision.ALLOWED);
                });
    }

    /** One atomic call for every charge, answers in the same order; errors (Redis away, timeout) are the caller's. */
    public Mono<List<Balance>> settle(List<Charge> charges) {
        List<String> keys = new ArrayList<>(charges.size());
        List<String> args = new ArrayList<>(charges.size() * 4);
        for (Charge charge : charges) {
            keys.add(charge.key());
            args.add(String.valueOf(charge.limit().replenishRate()));
            args.add(String.valueOf(charge.limit().burstCapacity()));
            args.add(String.valueOf(charge.spent()));
            args.add(charge.take() ? "1" : "0");
        }
        // Subscribed on a worker, never on the caller's thread: while Lettuce has no connection (Redis slow to answer
        // or away) it makes one on first use, blocking the subscribing thread up to the connect timeout under a lock
        // that every other caller then queues on. On a Netty event loop that stalls every connection the loop serves,
        // routed or not, for as long as the attempts queued before it last; here the caller waits at most MAX_WAIT and
        // lets the request through.
        // The call itself is not cancelled when the caller stops waiting: a connection being made is kept for the next
        // call, and a failure that comes later is nobody's (it would otherwise be logged as a dropped error).
        Mono<List<Balance>> call = Flux.defer(() -> redis.execute(SCRIPT, keys, args))
                .subscribeOn(Schedulers.boundedElastic())
                .reduce(new ArrayList<Long>(), (all, part) -> {
                    all.addAll(part);
                    return all;
                })
                .map(RedisRateLimitStore::balances);
        return Mono.defer(() -> Mono.fromFuture(call.toFuture(), true)).timeout(MAX_WAIT);
    }

    private static List<Balance> balances(List<Long> flat) {
        List<Balance> balances = new ArrayList<>(flat.size() / 3);
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            Decision decision = flat.get(i) == 1L ? Decision.ALLOWED
                    : new Decision(false, Duration.ofMillis(flat.get(i + 1)));
            balances.add(new Balance(decision, flat.get(i + 2) / 1000.0));
        }
        return balances;
    }

    void warn(Throwable error) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
            log.warn("rate limiter: Redis did not answer ({}); letting requests through", error.toString());
        }
    }
}
