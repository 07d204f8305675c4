package cn.mutualaid.relation.projection.store;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutInForce;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The local copies of registry data: enrollments, verified kinship, rollout history per province and area. */
@Component
public record ProjectionStore(DatabaseClient db) {
    public Mono<InsuredPerson> person(String personId) {
        return db.sql("select person_id, scheme, status, pooling_area, province from insured_person where person_id = :p")
                .bind("p", personId)
                .map(row -> new InsuredPerson(row.get("person_id", String.class),
                        Scheme.valueOf(row.get("scheme", String.class)),
                        InsuredPerson.Status.valueOf(row.get("status", String.class)),
                        row.get("pooling_area", String.class), row.get("province", String.class)))
                .one();
    }

    /**
     * Records an enrollment state unless a newer one is already known.
     *
     * @return true if it was applied, false if the event was older than what we have (reordered or replayed)
     */
    public Mono<Boolean> putPerson(String personId, Scheme scheme, InsuredPerson.Status status, String poolingArea,
            String province, Instant asOf) {
        return db.sql("""
                        insert into insured_person (person_id, scheme, status, pooling_area, province, as_of)
                        values (:p, :scheme, :status, :area, :province, :asOf)
                        on conflict (person_id) do update
                           set scheme = excluded.scheme, status = excluded.status, pooling_area = excluded.pooling_area,
                               province = excluded.province, as_of = excluded.as_of
                         where insured_person.as_of <= excluded.as_of""")
                .bind("p", personId).bind("scheme", scheme.name()).bind("status", status.name())
                .bind("area", poolingArea).bind("province", province).bind("asOf", asOf)
                .fetch().rowsUpdated()
                .map(n -> n > 0);
    }

    /** Stores a verified link in both directions: relative is person's kinship, person is relative's inverse. */
    public Mono<Void> putKinship(String personId, String relativeId, Kinship kinship, Instant verifiedAt) {
        return db.sql("""
                        insert into kinship_link (person_id, relative_id, kinship, verified_at)
                        values (:p, :r, :k, :at), (:r, :p, :inverse, :at)
                        on conflict do nothing""")
                .bind("p", personId).bind("r", relativeId).bind("k", kinship.name())
                .bind("inverse", kinship.inverse().name()).bind("at", verifiedAt)
                .fetch().rowsUpdated().then();
    }

    /** Whether the registry verified that relative is exactly person's {@code kinship}. */
    public Mono<Boolean> kinshipVerified(String personId, String relativeId, Kinship kinship) {
        return db.sql("""
                        select exists (select 1 from kinship_link
                                        where person_id = :p and relative_id = :r and kinship = :k) as verified""")
                .bind("p", personId).bind("r", relativeId).bind("k", kinship.name())
                .map(row -> Boolean.TRUE.equals(row.get("verified", Boolean.class)))
                .one();
    }

    /**
     * Keeps the history of a province's ({@code xx0000}) or an area's rollout; a repeated announcement for the same
     * effective time keeps the latest change.
     */
    public Mono<Void> putRollout(String code, Instant effectiveFrom, RolloutPolicy policy, Instant changedAt) {
        return db.sql("""
                        insert into rollout_step (code, effective_from, geographic_scope, kinship_scope, changed_at)
                        values (:code, :from, :geographic, :kinship, :changedAt)
                        on conflict (code, effective_from) do update
                           set geographic_scope = excluded.geographic_scope, kinship_scope = excluded.kinship_scope,
                               changed_at = excluded.changed_at
                         where rollout_step.changed_at <= excluded.changed_at""")
                .bind("code", code).bind("from", effectiveFrom).bind("geographic", policy.geographicScope().name())
                .bind("kinship", policy.kinshipScope().name()).bind("changedAt", changedAt)
                .fetch().rowsUpdated().then();
    }

    /** The policy in force in a pooling area at {@code at} (see {@link RolloutInForce#resolve}). */
    public Mono<RolloutInForce> rolloutInForce(String poolingArea, Instant at) {
        String province = AidScope.provinceOf(poolingArea);
        return db.sql("""
                        select distinct on (code) code, geographic_scope, kinship_scope, effective_from
                          from rollout_step
                         where code in (:area, :province) and effective_from <= :at
                         order by code, effective_from desc""")
                .bind("area", poolingArea).bind("province", province).bind("at", at)
                .map(row -> new RolloutInForce.Step(row.get("code", String.class), new RolloutPolicy(
                        AidScope.valueOf(row.get("geographic_scope", String.class)),
                        KinshipScope.valueOf(row.get("kinship_scope", String.class))),
                        row.get("effective_from", Instant.class)))
                .all().collectList()
                .map(latest -> RolloutInForce.resolve(poolingArea, province, latest));
    }
}
