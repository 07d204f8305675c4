package cn.mutualaid.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The Lua token bucket against the machine's Redis (127.0.0.1:6379), and failing open without Redis. */
class RedisRateLimitStoreIT {
    LettuceConnectionFactory factory;

    @AfterEach
    void close() {
        if (factory != null) {
            factory.destroy();
        }
    }

    @Test
    void allowsTheBurstThenRefusesWithTheTimeUntilTheNextToken() {
        RedisRateLimitStore store = new RedisRateLimitStore(template(6379));
        String key = "mesh:rate:test:" + UUID.randomUUID();
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit(0.5, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(store.take(key, limit).block().allowed()).isTrue();
        }
        RateLimitStore.Decision refused = store.take(key, limit).block();
        assertThat(refused.allowed()).isFalse();
        // One token takes 2 s at 0.5 per second; a little of it has already refilled.
        assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(template(6379).getExpire(key).block()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    @Test
    void settlesSeveralBucketsInOneCallAndSpendingBeyondTheBucketIsADebtRepaidByRefilling() {
        RedisRateLimitStore store = new RedisRateLimitStore(template(6379));
        String indebted = "mesh:rate:test:" + UUID.randomUUID();
        String other = "mesh:rate:test:" + UUID.randomUUID();
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit(1, 10);
        var balances = store.settle(java.util.List.of(new RedisRateLimitStore.Charge(indebted, limit, 13, true),
                new RedisRateLimitStore.Charge(other, limit, 2, false))).block();
        assertThat(balances).hasSize(2);
        assertThat(balances.get(0).decision().allowed()).isFalse();
        assertThat(balances.get(0).tokens()).isCloseTo(-3, org.assertj.core.data.Offset.offset(0.01));
        // Four tokens short at one per second: the next request waits about 4 s.
        assertThat(balances.get(0).decision().retryAfter()).isBetween(Duration.ofMillis(3900), Duration.ofMillis(4000));
        assertThat(balances.get(1).tokens()).isCloseTo(8, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void letsCallsThroughQuicklyWhenRedisDoesNotAnswer() {
        RedisRateLimitStore store = new RedisRateLimitStore(template(1));
        long start = System.nanoTime();
        assertThat(store.take("mesh:rate:test:down", new RateLimitProperties.Limit(1, 1)).block().allowed()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    /**
     * A Redis that takes connections and never answers (too busy to, or a half-dead proxy): Lettuce's first use
     * blocks while it connects. That must happen off the caller's thread, which in the gateway is a Netty event loop
     * serving many connections: subscribing returns at once, and the call is let through within MAX_WAIT.
     */
    @Test
    void neverBlocksTheSubscribingThreadWhileRedisDoesNotAnswer() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            RedisRateLimitStore store = new RedisRateLimitStore(template(silent.getLocalPort(), Duration.ofSeconds(3)));
            java.util.concurrent.CompletableFuture<RateLimitStore.Decision> decided = new java.util.concurrent.CompletableFuture<>();
            long start = System.nanoTime();
            store.take("mesh:rate:test:silent", new RateLimitProperties.Limit(1, 1)).subscribe(decided::complete);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
            assertThat(decided.get(5, java.util.concurrent.TimeUnit.SECONDS).allowed()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        }
    }

    private ReactiveStringRedisTemplate template(int port) {
        return template(port, Duration.ofMillis(500));
    }

    private ReactiveStringRedisTemplate template(int port, Duration timeout) {
        if (factory == null || factory.getPort() != port) {
            close();
            factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                    LettuceClientConfiguration.builder().commandTimeout(timeout).build());
            factory.afterPropertiesSet();
            factory.start();
        }
        return new ReactiveStringRedisTemplate(factory);
    }
}
