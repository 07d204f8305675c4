package cn.mutualaid.wallet.projection.store;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The wallet's copies of other services' facts: persons, providers, relationships. */
@Component
public record ProjectionStore(DatabaseClient db) {
    /** The person's enrollment as of {@code asOf}: an older state never overwrites a newer one. */
    public Mono<Void> person(String personId, String scheme, String poolingArea, String status, Instant asOf) {
        return db.sql("""
                        insert into person (person_id, scheme, pooling_area, status, updated_at)
                        values (:p, :scheme, :area, :status, :asOf)
                        on conflict (person_id) do update
                        set scheme = excluded.scheme, pooling_area = excluded.pooling_area, status = excluded.status,
                            updated_at = excluded.updated_at
                        where person.updated_at <= excluded.updated_at""")
                .bind("p", personId).bind("scheme", scheme).bind("area", poolingArea).bind("status", status)
                .bind("asOf", asOf)
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> provider(String providerId, String name, String type, String poolingArea, Instant now) {
        return db.sql("""
                        insert into provider (provider_id, name, type, pooling_area, updated_at)
                        values (:id, :name, :type, :area, :now)
                        on conflict (provider_id) do update
                        set name = excluded.name, type = excluded.type, pooling_area = excluded.pooling_area,
                            updated_at = excluded.updated_at""")
                .bind("id", providerId).bind("name", name).bind("type", type).bind("area", poolingArea).bind("now", now)
                .fetch().rowsUpdated().then();
    }

    /** Insert only (never re-activates); fills in the scope of a row a ReleaseQuota created first. */
    public Mono<Void> relationActive(String relationId, String benefactorId, String beneficiaryId, String scope,
            Instant now) {
        var spec = db.sql("""
                        insert into relation (relation_id, benefactor_id, beneficiary_id, scope, status, updated_at)
                        values (:r, :benefactor, :beneficiary, :scope, 'ACTIVE', :now)
                        on conflict (relation_id) do update set scope = excluded.scope
                        where relation.scope is null and excluded.scope is not null""")
                .bind("r", relationId).bind("benefactor", benefactorId).bind("beneficiary", beneficiaryId)
                .bind("now", now);
        spec = scope == null ? spec.bindNull("scope", String.class) : spec.bind("scope", scope);
        return spec.fetch().rowsUpdated().then();
    }

    /** Statuses only move forward: ACTIVE → DISSOLVING → DISSOLVED; the quota stops taking payments. */
    public Mono<Void> relationEnding(String relationId, String benefactorId, String beneficiaryId, String status,
            Instant now) {
        String from = "DISSOLVING".equals(status) ? "('ACTIVE')" : "('ACTIVE', 'DISSOLVING')";
        return db.sql("""
                        insert into relation (relation_id, benefactor_id, beneficiary_id, status, updated_at)
                        values (:r, :benefactor, :beneficiary, :status, :now)
                        on conflict (relation_id) do update set status = excluded.status, updated_at = excluded.updated_at
                        where relation.status in\s""" + from)
                .bind("r", relationId).bind("benefactor", benefactorId).bind("beneficiary", beneficiaryId)
                .bind("status", status).bind("now", now)
                .fetch().rowsUpdated()
                .then(db.sql("update quota set status = 'DISSOLVING', updated_at = :now where relation_id = :r and status = 'ACTIVE'")
                        .bind("now", now).bind("r", relationId)
                        .fetch().rowsUpdated())
                .then();
    }
}
