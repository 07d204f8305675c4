package cn.mutualaid.registry;

import cn.mutualaid.platform.work.PeriodicWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs every {@link Sweep} of the service, one after the other, every {@code mesh.registry.sweep-interval}. */
@Component
public class Sweeps extends PeriodicWork {
    private static final Logger log = LoggerFactory.getLogger(Sweeps.class);

    private final List<Sweep> sweeps;
    private final Clock clock;

    public Sweeps(List<Sweep> sweeps, Clock clock, @Value("${mesh.registry.sweep-interval:1m}") Duration interval) {
        super("registry sweeps", interval);
        this.sweeps = List.copyOf(sweeps);
        this.clock = clock;
    }

    @Override
    protected Mono<Void> pass() {
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
}
