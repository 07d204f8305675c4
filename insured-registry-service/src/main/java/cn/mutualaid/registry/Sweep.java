package cn.mutualaid.registry;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Periodic work of a feature, run by {@link Sweeps} on every instance. A sweep must be safe when several instances
 * run it at once (conditional updates, skipped locks), because nothing elects a leader.
 */
public interface Sweep {
    /** One pass as of {@code now}; emits how many rows it changed. */
    Mono<Long> sweep(Instant now);
}
