package cn.mutualaid.platform.work;

import cn.mutualaid.platform.messaging.OutboxRelay;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A service's background pass, run every {@code interval} while the application runs: one pass at a time (a slow
 * pass is not overlapped, the ticks it spans are dropped), a failed pass logged and simply tried again on the next
 * tick, started and stopped with the outbox relay's phase so that what a pass writes is relayed. A pass keeps no state
 * between ticks (it reads what is due from the database), which is what makes several instances and restarts safe.
 */
public abstract class PeriodicWork implements SmartLifecycle {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration interval;
    private volatile Disposable loop;

    protected PeriodicWork(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One pass over what is due now. */
    protected abstract Mono<?> pass();

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Flux.interval(interval).onBackpressureDrop()
                .concatMap(tick -> pass().then().onErrorResume(e -> {
                    log.warn("{} pass failed, will retry: {}", name, e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
        log.info("{} started (every {})", name, interval);
    }

    @Override
    public synchronized void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
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
