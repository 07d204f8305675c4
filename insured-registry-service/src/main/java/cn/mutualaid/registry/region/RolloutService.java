package cn.mutualaid.registry.region;

import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.registry.region.domain.ProvinceRollout;
import cn.mutualaid.registry.region.domain.Rollout;
import cn.mutualaid.registry.region.domain.RolloutChange;
import cn.mutualaid.registry.region.store.RolloutStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Changes a province's rollout policy: audited and published (RolloutChanged, keyed by the province code). */
@Service
public class RolloutService {
    private final Regions regions;
    private final RolloutStore rollouts;
    private final Outbox outbox;
    private final Audit audit;
    private final TransactionalOperator tx;
    private final Clock clock;

    public RolloutService(Regions regions, RolloutStore rollouts, Outbox outbox, Audit audit,
            TransactionalOperator tx, Clock clock) {
        this.regions = regions;
        this.rollouts = rollouts;
        this.outbox = outbox;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Every province-level area with its policy. */
    public Flux<ProvinceRollout> provinces() {
        return rollouts.provinces();
    }

    /** The changes of a province's policy, newest first; 404 when the code names no province. */
    public Flux<RolloutChange> history(String code, int page, int size) {
        return regions.province(code).flatMapMany(p -> rollouts.history(p.code(), page, size));
    }

    /** Setting the policy it already has changes nothing and publishes nothing (PUT is idempotent). */
    public Mono<ProvinceRollout> change(String code, Rollout requested, Caller caller) {
        String changedBy = caller.subject();
        // The database keeps microseconds; compare and publish what will be stored.
        Rollout wanted = new Rollout(requested.crossProvince(), requested.kinshipScope(),
                requested.effectiveFrom().truncatedTo(ChronoUnit.MICROS));
        Instant now = clock.instant();
        Mono<ProvinceRollout> work = regions.province(code).flatMap(province -> rollouts.lock(code).flatMap(current -> {
            if (current.equals(wanted)) {
                return Mono.just(new ProvinceRollout(province.code(), province.name(), current));
            }
            RolloutChanged event = new RolloutChanged(code, wanted.crossProvince(), wanted.kinshipScope(),
                    wanted.effectiveFrom(), changedBy, now);
            return rollouts.change(code, current, wanted, changedBy, now)
                    .then(outbox.append(event, code))
                    .then(audit.record(caller, "rollout.change", "province", code, code, Map.of(
                            "from", current, "to", wanted)))
                    .thenReturn(new ProvinceRollout(province.code(), province.name(), wanted));
        }));
        return tx.transactional(work);
    }
}
