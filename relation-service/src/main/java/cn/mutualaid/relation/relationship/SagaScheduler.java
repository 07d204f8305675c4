package cn.mutualaid.relation.relationship;

import cn.mutualaid.platform.work.PeriodicWork;
import cn.mutualaid.relation.relationship.store.SagaStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Keeps sagas moving: re-sends due ReleaseQuota commands, completes transfers, and counts stuck sagas. It keeps no
 * state of its own (everything is read from the database on each tick), so a restarted service resumes every saga
 * where it was. Several instances may run: each re-send is a conditional transition on a locked saga row.
 */
@Component
public class SagaScheduler extends PeriodicWork {
    private final SagaOrchestrator orchestrator;
    private final SagaStore sagas;
    private final TransferCompletion transfers;
    private final TransactionalOperator tx;
    private final SagaProperties properties;
    private final Clock clock;
    private final AtomicLong stuck = new AtomicLong();

    public SagaScheduler(SagaOrchestrator orchestrator, SagaStore sagas, TransferCompletion transfers,
            TransactionalOperator tx, SagaProperties properties, Clock clock, MeterRegistry meters) {
        super("saga scheduler", properties.pollInterval());
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

    @Override
    protected Mono<Long> pass() {
        return tick();
    }

    /** The value of the mesh.saga.stuck gauge. */
    public long stuckSagas() {
        return stuck.get();
    }
}
