package cn.mutualaid.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** How the relay turns commits' nudges into passes: at once, or gathered over a short window. */
class OutboxRelayNudgesTest {

    @Test
    void withoutADelayEveryNudgeIsATick() {
        StepVerifier.create(OutboxRelay.gathered(Flux.just(true, true, true), Duration.ZERO))
                .expectNextCount(3)
                .verifyComplete();
    }

    @Test
    void nudgesWithinTheWindowShareOnePassAndNoneIsLost() {
        StepVerifier.withVirtualTime(() -> {
            Sinks.Many<Boolean> nudges = Sinks.many().multicast().directBestEffort();
            // The relay's ticks first (a nudge before any subscriber would be lost), then ten commits at once and
            // one much later.
            return OutboxRelay.gathered(nudges.asFlux(), Duration.ofMillis(20))
                    .mergeWith(Flux.range(0, 10).doOnNext(i -> nudges.tryEmitNext(true)).thenMany(Flux.empty()))
                    .mergeWith(Mono.delay(Duration.ofMillis(500)).doOnNext(t -> nudges.tryEmitNext(true))
                            .thenMany(Flux.empty()));
        })
                .expectSubscription()
                // Nothing before the window closes: the ten commits wait for one pass.
                .expectNoEvent(Duration.ofMillis(19))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(true)
                // One nudge of the burst is kept: rows may have committed after the first pass read the table.
                .expectNoEvent(Duration.ofMillis(19))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(true)
                // The late commit gets a pass of its own, a window after it; nothing else was queued.
                .expectNoEvent(Duration.ofMillis(479))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(true)
                .expectNoEvent(Duration.ofSeconds(1))
                .thenCancel()
                .verify();
    }

    @Test
    void aNegativeDelayMeansAtOnce() {
        Flux<Boolean> nudges = Flux.just(true);
        assertThat(OutboxRelay.gathered(nudges, Duration.ofMillis(-1))).isSameAs(nudges);
    }
}
