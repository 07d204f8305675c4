package cn.mutualaid.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** Local buckets settled with the machine's Redis (127.0.0.1:6379): the round trips saved, the limits kept. */
class LocalFirstRateLimitStoreIT {
    final LettuceConnectionFactory factory = new LettuceConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", 6379),
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
    final List<LocalFirstRateLimitStore> stores = new ArrayList<>();
    final AtomicInteger redisCalls = new AtomicInteger();
    final String key = "mesh:rate:test:" + UUID.randomUUID();

    @AfterEach
    void close() {
        stores.forEach(LocalFirstRateLimitStore::close);
        factory.destroy();
    }

    @Test
    void aCallerFarBelowItsLimitIsServedWithoutRedisAndSettledInOneCallLater() {
        LocalFirstRateLimitStore store = store(0.5, Duration.ofHours(1));
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit(0.01, 40);
        for (int i = 0; i < 20; i++) {
            assertThat(store.take(key, limit).block().allowed()).isTrue();
        }
        assertThat(redisCalls).hasValue(0);

        store.sync().block();
        assertThat(redisCalls).hasValue(1);
        assertThat(Double.parseDouble((String) template().opsForHash().get(key, "tokens").block()))
                .isCloseTo(20, org.assertj.core.data.Offset.offset(0.1));
        // Half the bucket is spent: from here on every request asks Redis.
        assertThat(store.take(key, limit).block().allowed()).isTrue();
        assertThat(redisCalls).hasValue(2);
    }

    @Test
    void oneInstanceEnforcesTheLimitExactly() {
        LocalFirstRateLimitStore store = store(0.5, Duration.ofHours(1));
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit(0.5, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(store.take(key, limit).block().allowed()).as("request %d", i + 1).isTrue();
        }
        RateLimitStore.Decision refused = store.take(key, limit).block();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
    }

    @Test
    void threeInstancesTogetherStayWithinTheDocumentedToleranceOfOneSharedBucket() throws InterruptedException {
        Duration interval = Duration.ofMillis(100);
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit(5, 10);
        List<LocalFirstRateLimitStore> gateways = List.of(store(0.5, interval).start(), store(0.5, interval).start(),
                store(0.5, interval).start());
        long seconds = 2;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        int allowed = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            if (gateways.get(i % 3).take(key, limit).block().allowed()) {
                allowed++;
            }
            Thread.sleep(2);
        }
        double oneBucket = limit.burstCapacity() + limit.replenishRate() * seconds;
        // What is still unreported when the window closes (at most one interval's refill per instance) comes on top.
        double bound = oneBucket + LocalFirstRateLimitStore.tolerance(limit, 3, 0.5, interval)
                + 3 * limit.replenishRate() * interval.toMillis() / 1000.0;
        assertThat(allowed).isLessThanOrEqualTo((int) Math.ceil(bound)).isGreaterThanOrEqualTo((int) (oneBucket * 0.8));
        // Three uncoordinated buckets would let through three times as much.
        assertThat(allowed).isLessThan((int) (3 * oneBucket * 0.6));
    }

    private LocalFirstRateLimitStore store(double share, Duration interval) {
        RedisRateLimitStore counted = new RedisRateLimitStore(template()) {
            @Override
            public Mono<List<Balance>> settle(List<Charge> charges) {
                redisCalls.incrementAndGet();
                return super.settle(charges);
            }
        };
        LocalFirstRateLimitStore store = new LocalFirstRateLimitStore(counted, Clock.systemUTC(), share, interval);
        stores.add(store);
        return store;
    }

    private ReactiveStringRedisTemplate template() {
        if (!factory.isRunning()) {
            factory.afterPropertiesSet();
            factory.start();
        }
        return new ReactiveStringRedisTemplate(factory);
    }
}
