package cn.mutualaid.relation.projection.store;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The local copies of registry data: enrollments, verified kinship, rollout policy history. */
@Repository
public class ProjectionStore {
    private final DatabaseClient db;

    public ProjectionStore(DatabaseClient db) {
        this.db = db;
    }

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

    /** Keeps the history; a repeated announcement for the same effective time keeps the latest change. */
    public Mono<Void> putRollout(String province, Instant effectiveFrom, boolean crossProvince, KinshipScope scope,
            Instant changedAt) {
        return db.sql("""
                        insert into rollout_policy (province, effective_from, cross_province, kinship_scope, changed_at)
                        values (:province, :from, :cross, :scope, :changedAt)
                        on conflict (province, effective_from) do update
                           set cross_province = excluded.cross_province, kinship_scope = excluded.kinship_scope,
                               changed_at = excluded.changed_at
                         where rollout_policy.changed_at <= excluded.changed_at""")
                .bind("province", province).bind("from", effectiveFrom).bind("cross", crossProvince)
                .bind("scope", scope.name()).bind("changedAt", changedAt)
                .fetch().rowsUpdated().then();
    }

    /** The policy in force in a province at {@code at}: the latest announced with effectiveFrom <= at. */
    public Mono<RolloutPolicy> rolloutAt(String province, Instant at) {
        return rolloutInForce(province, at).map(RolloutInForce::policy);
    }

    /** {@link #rolloutAt} with the instant that policy took effect (null for the default, never announced). */
    public Mono<RolloutInForce> rolloutInForce(String province, Instant at) {
        return db.sql("""
                        select cross_province, kinship_scope, effective_from from rollout_policy
                         where province = :province and effective_from <= :at
                         order by effective_from desc limit 1""")
                .bind("province", province).bind("at", at)
                .map(row -> new RolloutInForce(new RolloutPolicy(
                        Boolean.TRUE.equals(row.get("cross_province", Boolean.class)),
                        KinshipScope.valueOf(row.get("kinship_scope", String.class))),
                        row.get("effective_from", Instant.class)))
                .one()
                .defaultIfEmpty(new RolloutInForce(RolloutPolicy.DEFAULT, null));
    }

    public record RolloutInForce(RolloutPolicy policy, Instant since) {
    }
}
