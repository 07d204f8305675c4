package cn.mutualaid.relation.projection;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.contracts.registry.RolloutChangedV2;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import cn.mutualaid.relation.projection.store.ProjectionStore;
import java.time.Instant;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies the registry's events to the local projections. Events are ordered per person by the registry's event time
 * ({@code occurredAt}), so an older event arriving late never overwrites a newer state.
 */
@Service
public record Projections(ProjectionStore store) {
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

    /** Version 1: a province-wide switch, cross-province aid live or within the province only. */
    public Mono<Void> rolloutChanged(Envelope e, RolloutChanged ev) {
        return rollout(e, ev.province(), RolloutPolicy.ofProvinceSwitch(ev.crossProvince(), ev.kinshipScope()),
                ev.effectiveFrom(), ev.at());
    }

    /** Version 2: a province's ({@code xx0000}) or one area's geographic and kinship step, possibly scheduled. */
    public Mono<Void> rolloutChanged(Envelope e, RolloutChangedV2 ev) {
        return rollout(e, ev.code(), new RolloutPolicy(ev.geographicScope(), ev.kinshipScope()), ev.effectiveFrom(),
                ev.at());
    }

    private Mono<Void> rollout(Envelope e, String code, RolloutPolicy policy, Instant effectiveFrom, Instant at) {
        Instant asOf = e.occurredAt();
        return store.putRollout(code, effectiveFrom == null ? asOf : effectiveFrom, policy, at == null ? asOf : at);
    }
}
