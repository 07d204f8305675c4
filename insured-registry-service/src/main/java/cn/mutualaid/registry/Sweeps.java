package cn.mutualaid.registry;

import cn.mutualaid.platform.messaging.OutboxRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs every {@link Sweep} of the service, one after the other, every {@code mesh.registry.sweep-interval}. */
@Component
public class Sweeps implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Sweeps.class);

    private final List<Sweep> sweeps;
    private final Clock clock;
    private final Duration interval;
    private volatile Disposable loop;

    public Sweeps(List<Sweep> sweeps, Clock clock, @Value("${mesh.registry.sweep-interval:1m}") Duration interval) {
        this.sweeps = List.copyOf(sweeps);
        this.clock = clock;
        this.interval = interval;
    }

    private Mono<Void> pass() {
        return Flux.fromIterable(sweeps)
                .concatMap(sweep -> sweep.sweep(clock.instant())
                        .doOnNext(n -> {
                            if (n > 0) {
                                log.info("{} changed {} rows", sweep.getClass().getSimpleName(), n);
                            }
                        })
                        .onErrorResume(e -> {
                            log.warn("{} failed, will retry: {}", sweep.getClass().getSimpleName(), e.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    @Override
    public synchronized void start() {
        if (loop == null) {
            loop = Flux.interval(interval).onBackpressureDrop().concatMap(t -> pass(), 1).subscribe();
        }
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public int getPhase() {
        return OutboxRelay.PHASE;
    }
}
