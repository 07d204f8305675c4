package cn.mutualaid.relation.relationship;

import cn.mutualaid.platform.messaging.OutboxRelay;
import cn.mutualaid.relation.relationship.store.SagaStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps sagas moving: re-sends due ReleaseQuota commands, completes transfers, and counts stuck sagas. It keeps no
 * state of its own (everything is read from the database on each tick), so a restarted service resumes every saga
 * where it was. Several instances may run: each re-send is a conditional transition on a locked saga row.
 */
@Component
public class SagaScheduler implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SagaScheduler.class);

    private final SagaOrchestrator orchestrator;
    private final SagaStore sagas;
    private final TransferCompletion transfers;
    private final TransactionalOperator tx;
    private final SagaProperties properties;
    private final Clock clock;
    private final AtomicLong stuck = new AtomicLong();
    private volatile Disposable loop;

    public SagaScheduler(SagaOrchestrator orchestrator, SagaStore sagas, TransferCompletion transfers,
            TransactionalOperator tx, SagaProperties properties, Clock clock, MeterRegistry meters) {
        this.orchestrator = orchestrator;
        this.sagas = sagas;
        this.transfers = transfers;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
        meters.gauge("mesh.saga.stuck", stuck);
    }

    /** One pass; public so that a test can drive it. Returns how many commands were re-sent. */
    public Mono<Long> tick() {
        Mono<Long> resend = sagas.dueForRetry(clock.instant(), properties.batchSize())
                .concatMap(id -> tx.transactional(orchestrator.retryIfDue(id)))
                .filter(Boolean::booleanValue)
                .count();
        Mono<Void> countStuck = sagas.countWaitingSince(clock.instant().minus(properties.stuckAfter()))
                .doOnNext(stuck::set).then();
        return resend.flatMap(sent -> transfers.completeWaiting().then(countStuck).thenReturn(sent));
    }

    /** The value of the mesh.saga.stuck gauge. */
    public long stuckSagas() {
        return stuck.get();
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Flux.interval(properties.pollInterval())
                .onBackpressureDrop()
                .concatMap(t -> tick().onErrorResume(e -> {
                    log.warn("saga scheduler pass failed, will retry: {}", e.toString());
                    return Mono.just(0L);
                }), 1)
                .subscribe();
        log.info("saga scheduler started (poll every {}, backoff {} x{} up to {}, stuck after {})",
                properties.pollInterval(), properties.retryInitial(), properties.retryMultiplier(),
                properties.retryMax(), properties.stuckAfter());
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
