package cn.mutualaid.platform.idempotency;

import cn.mutualaid.platform.work.PeriodicWork;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * Forgets Idempotency-Keys older than {@code mesh.idempotency.retention}: a retry after that is a new request. The
 * retention is the documented promise to callers, so it is far longer than any sensible retry schedule.
 */
public class IdempotencyPurge extends PeriodicWork {
    private final IdempotencyStore store;
    private final Clock clock;
    private final IdempotencyProperties properties;

    public IdempotencyPurge(IdempotencyStore store, Clock clock, IdempotencyProperties properties) {
        super("idempotency-key purge", properties.purgeInterval());
        this.store = store;
        this.clock = clock;
        this.properties = properties;
    }

    /** @return how many keys were forgotten */
    @Override
    public Mono<Long> pass() {
        return Mono.defer(() -> store.purgeOlderThan(clock.instant().minus(properties.retention())));
    }
}
