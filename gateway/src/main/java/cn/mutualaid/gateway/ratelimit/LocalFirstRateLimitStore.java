package cn.mutualaid.gateway.ratelimit;

import cn.mutualaid.gateway.ratelimit.RedisRateLimitStore.Balance;
import cn.mutualaid.gateway.ratelimit.RedisRateLimitStore.Charge;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Shared buckets in Redis without a Redis round trip per request: each gateway keeps a local copy of every active
 * caller's bucket and decides alone while that copy holds more than {@code (1 - localShare) × capacity} tokens,
 * reporting what it let through to Redis every {@code syncInterval} in one call for all callers (and taking Redis's
 * balance back, so that what other instances spent shows up). Below that mark every request asks Redis, as
 * {@link RedisRateLimitStore} does, with the unreported spending settled first.
 *
 * <p>So one instance enforces the limit exactly, and N instances can together let through at most
 * {@link #tolerance} requests more than the shared bucket would between two syncs; Redis charges them all the same
 * (the bucket goes into debt), so over longer periods the rate holds. A caller far below its limit never waits for
 * Redis. When Redis fails, requests near the limit are let through (fail open) as with {@link RedisRateLimitStore}.
 */
public class LocalFirstRateLimitStore implements RateLimitStore, AutoCloseable {
    private static final int SETTLE_AT_MOST = 500;
    private final RedisRateLimitStore shared;
    private final Clock clock;
    private final double localShare;
    private final Duration syncInterval;
    private final ConcurrentMap<String, Local> buckets = new ConcurrentHashMap<>();
    private volatile Disposable syncing;

    public LocalFirstRateLimitStore(RedisRateLimitStore shared, Clock clock, double localShare, Duration syncInterval) {
        if (localShare <= 0 || localShare > 1) {
            throw new IllegalArgumentException("local-share must be in (0, 1]");
        }
        this.shared = shared;
        this.clock = clock;
        this.localShare = localShare;
        this.syncInterval = syncInterval;
    }

    /**
     * The most requests N instances may let through together, between two syncs, beyond what one shared bucket
     * would: each may spend its local share of a full bucket plus what refills locally during one interval.
     */
    public static double tolerance(RateLimitProperties.Limit limit, int instances, double localShare,
            Duration syncInterval) {
        double perInstance = localShare * limit.burstCapacity() + limit.replenishRate() * syncInterval.toMillis() / 1000.0;
        return (instances - 1) * perInstance;
    }

    /** Starts the periodic settling with Redis. */
    public LocalFirstRateLimitStore start() {
        syncing = Flux.interval(syncInterval, syncInterval)
                .onBackpressureDrop()
                .concatMap(tick -> sync(), 1)
                .subscribe();
        return this;
    }

    @Override
    public void close() {
        Disposable running = syncing;
        if (running != null) {
            running.dispose();
        }
        sync().block(Duration.ofSeconds(2));
    }

    @Override
    public Mono<Decision> take(String key, RateLimitProperties.Limit limit) {
        long now = clock.millis();
        while (true) {
            Local bucket = buckets.computeIfAbsent(key, k -> new Local(k, limit, now));
            long spent;
            synchronized (bucket) {
                if (bucket.forgotten) {
                    continue;
                }
                bucket.refill(now);
                if (bucket.tokens - 1 >= (1 - localShare) * limit.burstCapacity()) {
                    bucket.tokens -= 1;
                    bucket.unreported += 1;
                    return Mono.just(Decision.ALLOWED);
                }
                spent = bucket.unreported;
                bucket.unreported = 0;
            }
            return shared.settle(List.of(new Charge(key, limit, spent, true)))
                    .map(balances -> {
                        bucket.adopt(balances.get(0), clock.millis());
                        return balances.get(0).decision();
                    })
                    .onErrorResume(error -> {
                        bucket.unsettled(spent);
                        shared.warn(error);
                        return Mono.just(Decision.ALLOWED);
                    });
        }
    }

    /**
     * Reports every bucket's unreported spending to Redis and takes the balances back; forgets buckets that have
     * nothing to report and have refilled (a new one starts full, as in Redis).
     */
    Mono<Void> sync() {
        long now = clock.millis();
        List<Local> due = new ArrayList<>();
        List<Charge> charges = new ArrayList<>();
        for (Local bucket : buckets.values()) {
            synchronized (bucket) {
                bucket.refill(now);
                if (bucket.unreported > 0) {
                    due.add(bucket);
                    charges.add(new Charge(bucket.key, bucket.limit, bucket.unreported, false));
                    bucket.unreported = 0;
                } else if (bucket.tokens >= bucket.limit.burstCapacity()) {
                    bucket.forgotten = true;
                    buckets.remove(bucket.key, bucket);
                }
            }
        }
        return Flux.range(0, (charges.size() + SETTLE_AT_MOST - 1) / SETTLE_AT_MOST)
                .concatMap(part -> {
                    int from = part * SETTLE_AT_MOST;
                    int to = Math.min(charges.size(), from + SETTLE_AT_MOST);
                    return shared.settle(charges.subList(from, to))
                            .doOnNext(balances -> {
                                long at = clock.millis();
                                for (int i = 0; i < balances.size(); i++) {
                                    due.get(from + i).adopt(balances.get(i), at);
                                }
                            })
                            .onErrorResume(error -> {
                                for (int i = from; i < to; i++) {
                                    due.get(i).unsettled(charges.get(i).spent());
                                }
                                shared.warn(error);
                                return Mono.empty();
                            });
                })
                .then();
    }

    int size() {
        return buckets.size();
    }

    RedisRateLimitStore shared() {
        return shared;
    }

    /** This instance's copy of one caller's bucket, and what it let through that Redis has not been told yet. */
    private static final class Local {
        final String key;
        final RateLimitProperties.Limit limit;
        double tokens;
        long atMillis;
        long unreported;
        boolean forgotten;

        Local(String key, RateLimitProperties.Limit limit, long now) {
            this.key = key;
            this.limit = limit;
            this.tokens = limit.burstCapacity();
            this.atMillis = now;
        }

        void refill(long now) {
            long elapsed = Math.max(0, now - atMillis);
            tokens = Math.min(limit.burstCapacity(), tokens + elapsed * limit.replenishRate() / 1000.0);
            atMillis = Math.max(atMillis, now);
        }

        /** Redis's balance, less what was let through here since the settling call left. */
        synchronized void adopt(Balance balance, long now) {
            tokens = balance.tokens() - unreported;
            atMillis = now;
        }

        /** The settling call failed: its spending is reported with the next one. */
        synchronized void unsettled(long spent) {
            unreported += spent;
        }
    }
}
