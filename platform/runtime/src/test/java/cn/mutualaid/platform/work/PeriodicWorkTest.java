package cn.mutualaid.platform.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicWorkTest {

    /** Fails its first pass, then counts passes; each pass takes longer than the interval. */
    static final class Work extends PeriodicWork {
        final AtomicInteger passes = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        Work() {
            super("test work", Duration.ofMillis(10));
        }

        @Override
        protected Mono<?> pass() {
            return Mono.defer(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                if (passes.incrementAndGet() == 1) {
                    running.decrementAndGet();
                    return Mono.error(new IllegalStateException("database down"));
                }
                return Mono.delay(Duration.ofMillis(30)).doOnTerminate(() -> running.decrementAndGet());
            });
        }
    }

    @Test
    void aFailedPassIsTriedAgainAndPassesNeverOverlap() {
        Work work = new Work();
        work.start();
        assertThat(work.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> work.passes.get() >= 5);
        work.stop();
        assertThat(work.isRunning()).isFalse();
        assertThat(work.mostAtOnce.get()).isEqualTo(1);
        int stoppedAt = work.passes.get();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> work.passes.get() <= stoppedAt + 1);
    }

    @Test
    void startingTwiceRunsOneLoop() {
        Work work = new Work();
        work.start();
        work.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> work.passes.get() >= 4);
        work.stop();
        assertThat(work.mostAtOnce.get()).isEqualTo(1);
    }
}
