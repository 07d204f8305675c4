package cn.mutualaid.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The token bucket arithmetic and the in-memory store built on it. */
class TokenBucketTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final RateLimitProperties.Limit TWO_PER_SECOND_BURST_3 = new RateLimitProperties.Limit(2, 3);

    @Test
    void aNewBucketAllowsABurstThenRefusesUntilATokenRefills() {
        MutableClock clock = new MutableClock(START);
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock);
        for (int i = 0; i < 3; i++) {
            assertThat(store.takeNow("k", TWO_PER_SECOND_BURST_3).allowed()).isTrue();
        }
        RateLimitStore.Decision refused = store.takeNow("k", TWO_PER_SECOND_BURST_3);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));

        clock.advance(Duration.ofMillis(499));
        assertThat(store.takeNow("k", TWO_PER_SECOND_BURST_3).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.takeNow("k", TWO_PER_SECOND_BURST_3).allowed()).isTrue();
        assertThat(store.takeNow("k", TWO_PER_SECOND_BURST_3).allowed()).isFalse();
    }

    @Test
    void refillingNeverExceedsTheBurstCapacity() {
        MutableClock clock = new MutableClock(START);
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock);
        store.takeNow("k", TWO_PER_SECOND_BURST_3);
        clock.advance(Duration.ofHours(1));
        int allowed = 0;
        while (store.takeNow("k", TWO_PER_SECOND_BURST_3).allowed()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void bucketsAreIndependentPerKey() {
        MemoryRateLimitStore store = new MemoryRateLimitStore(new MutableClock(START));
        RateLimitProperties.Limit one = new RateLimitProperties.Limit(1, 1);
        assertThat(store.takeNow("a", one).allowed()).isTrue();
        assertThat(store.takeNow("a", one).allowed()).isFalse();
        assertThat(store.takeNow("b", one).allowed()).isTrue();
    }

    @Test
    void aBucketMayBeForgottenOnceItWouldBeFullAgain() {
        TokenBucket.Outcome first = TokenBucket.take(null, TWO_PER_SECOND_BURST_3, 10_000);
        assertThat(first.bucket().tokens()).isEqualTo(2.0);
        // One token missing at 2 per second: full again after 500 ms.
        assertThat(first.bucket().expiresAtMillis()).isEqualTo(10_500);
    }

    @Test
    void limitsMustRefillAndHoldAtLeastOneToken() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RateLimitProperties.Limit(0, 3))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RateLimitProperties.Limit(1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
