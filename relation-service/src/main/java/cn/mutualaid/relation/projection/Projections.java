package cn.mutualaid.relation.projection;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.store.ProjectionStore;
import java.time.Instant;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies the registry's events to the local projections. Events are ordered per person by the registry's event time
 * ({@code occurredAt}), so an older event arriving late never overwrites a newer state.
 */
@Service
public class Projections {
    private final ProjectionStore store;

    public Projections(ProjectionStore store) {
        this.store = store;
    }

    public Mono<Boolean> enrolled(Envelope e, InsuranceEnrolled ev) {
        return store.putPerson(ev.personId(), ev.scheme(), InsuredPerson.Status.ACTIVE, ev.poolingArea(),
                ev.province(), e.occurredAt());
    }

    /** @return true if the termination is the newest state known (false: the person re-enrolled since) */
    public Mono<Boolean> terminated(Envelope e, InsuranceTerminated ev) {
        return store.putPerson(ev.personId(), ev.scheme(), InsuredPerson.Status.TERMINATED, ev.poolingArea(),
                ev.province(), e.occurredAt());
    }

    public Mono<Boolean> transferred(Envelope e, InsuranceTransferred ev) {
        return store.putPerson(ev.personId(), ev.toScheme() == null ? ev.fromScheme() : ev.toScheme(),
                InsuredPerson.Status.ACTIVE, ev.toPoolingArea(), ev.toProvince(), e.occurredAt());
    }

    public Mono<Void> kinshipVerified(Envelope e, KinshipVerified ev) {
        return store.putKinship(ev.personId(), ev.relativeId(), ev.kinship(),
                ev.verifiedAt() == null ? e.occurredAt() : ev.verifiedAt());
    }

    public Mono<Void> rolloutChanged(Envelope e, RolloutChanged ev) {
        Instant asOf = e.occurredAt();
        return store.putRollout(ev.province(), ev.effectiveFrom() == null ? asOf : ev.effectiveFrom(),
                ev.crossProvince(), ev.kinshipScope(), ev.at() == null ? asOf : ev.at());
    }
}
