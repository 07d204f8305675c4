package cn.mutualaid.registry.region;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.registry.RolloutChangedV2;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.registry.region.domain.ProvinceRollout;
import cn.mutualaid.registry.region.domain.Region;
import cn.mutualaid.registry.region.domain.Rollout;
import cn.mutualaid.registry.region.domain.RolloutChange;
import cn.mutualaid.registry.region.domain.RolloutPolicy;
import cn.mutualaid.registry.region.domain.RolloutSetting;
import cn.mutualaid.registry.region.domain.RolloutTimeline;
import cn.mutualaid.registry.region.store.RolloutStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rollout policy of provinces and pooling areas. A change is filed as a new setting (audited, and published as
 * RolloutChanged v2 keyed by the province or area code in the same transaction), never by overwriting one: what is in
 * force at an instant is resolved from all of them ({@link RolloutTimeline}), so a change with a future
 * effectiveFrom is scheduled without any timer, and its event is published when it is filed.
 */
@Service
public record RolloutService(Regions regions, RolloutStore rollouts, Outbox outbox, Audit audit,
        TransactionalOperator tx, Clock clock) {
    /** A pooling area's rollout now: the policy in force and the changes still to come, in order. */
    public record AreaRollout(Region area, RolloutPolicy inForce, List<RolloutPolicy> scheduled) {
    }

    /** Every province-level area with its own policy in force now. */
    public Flux<ProvinceRollout> provinces() {
        Instant now = clock.instant();
        return rollouts.ofProvinces().collectList().flatMapMany(settings -> regions.provinces()
                .map(p -> new ProvinceRollout(p.code(), p.name(),
                        Rollout.of(RolloutTimeline.ofProvince(of(settings, p.code())).at(now)))));
    }

    /** A province's changes, newest first; 404 when the code names no province. */
    public Flux<RolloutChange> provinceHistory(String code, int page, int size) {
        return regions.province(code).flatMapMany(p -> rollouts.provinceChanges(p.code(), page, size))
                .map(RolloutChange::fromDefaultWhenFirst);
    }

    /**
     * Files a province's policy (its switch stands for CROSS_PROVINCE or INTRA_PROVINCE); emits the policy as filed.
     * The same policy for the same instant again changes and publishes nothing (PUT is idempotent).
     */
    public Mono<ProvinceRollout> changeProvince(String code, Rollout requested, Caller caller) {
        // The database keeps microseconds; compare and publish what will be stored.
        Rollout wanted = new Rollout(requested.crossProvince(), requested.kinshipScope(),
                requested.effectiveFrom().truncatedTo(ChronoUnit.MICROS));
        return tx.transactional(regions.province(code).flatMap(province -> file(province,
                        Rollout.geographicScope(wanted.crossProvince()), wanted.kinshipScope(), wanted.effectiveFrom(),
                        caller)
                .thenReturn(new ProvinceRollout(province.code(), province.name(), wanted))));
    }

    /** A pooling area's rollout now; 404 when the code names no pooling area. */
    public Mono<AreaRollout> area(String code) {
        return regions.area(code).flatMap(this::rolloutOf);
    }

    /** Files a pooling area's own policy; emits the area's rollout after it. Idempotent as for a province. */
    public Mono<AreaRollout> changeArea(String code, AidScope geographicScope, KinshipScope kinshipScope,
            Instant effectiveFrom, Caller caller) {
        Instant from = effectiveFrom.truncatedTo(ChronoUnit.MICROS);
        return tx.transactional(regions.area(code)
                .flatMap(area -> file(area, geographicScope, kinshipScope, from, caller).then(rolloutOf(area))));
    }

    /** The settings filed for a pooling area, newest first; 404 when the code names no pooling area. */
    public Flux<RolloutSetting> areaHistory(String code, int page, int size) {
        return regions.area(code).flatMapMany(area -> rollouts.history(area.code(), page, size));
    }

    private Mono<AreaRollout> rolloutOf(Region area) {
        Instant now = clock.instant();
        return rollouts.of(List.of(area.code(), area.province())).collectList().map(settings -> {
            RolloutTimeline timeline = RolloutTimeline.of(of(settings, area.code()), of(settings, area.province()));
            return new AreaRollout(area, timeline.at(now), timeline.scheduledAfter(now));
        });
    }

    /** Under the code's lock: the new setting, its event and its audit entry, unless it is filed already. */
    private Mono<Void> file(Region target, AidScope geographicScope, KinshipScope kinshipScope, Instant effectiveFrom,
            Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<String> codes = target.isProvince() ? List.of(target.code()) : List.of(target.code(), target.province());
        return rollouts.lock(target.code()).thenMany(rollouts.of(codes)).collectList().flatMap(settings -> {
            List<RolloutSetting> own = of(settings, target.code());
            if (RolloutTimeline.alreadyFiled(own, geographicScope, kinshipScope, effectiveFrom)) {
                return Mono.empty();
            }
            RolloutTimeline timeline = target.isProvince() ? RolloutTimeline.ofProvince(own)
                    : RolloutTimeline.of(own, of(settings, target.province()));
            RolloutPolicy.Source source = target.isProvince() ? RolloutPolicy.Source.PROVINCE : RolloutPolicy.Source.AREA;
            RolloutSetting setting = new RolloutSetting(0, target.code(), geographicScope, kinshipScope, effectiveFrom,
                    caller.subject(), now);
            return rollouts.insert(setting)
                    .then(outbox.append(new RolloutChangedV2(target.code(), geographicScope, kinshipScope,
                            effectiveFrom, caller.subject(), now), target.code()))
                    .then(audit.record(caller, "rollout.change", target.isProvince() ? "province" : "area",
                            target.code(), target.code(), Map.of("from", timeline.at(effectiveFrom),
                                    "to", new RolloutPolicy(geographicScope, kinshipScope, effectiveFrom, source))));
        });
    }

    private static List<RolloutSetting> of(Collection<RolloutSetting> settings, String code) {
        return settings.stream().filter(s -> s.code().equals(code)).toList();
    }
}
