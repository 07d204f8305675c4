package cn.mutualaid.wallet.projection;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.ProviderRegistered;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.wallet.account.Accounts;
import java.time.Clock;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What the wallet keeps from other services' events, so that a payment never calls another service:
 * <ul>
 *   <li>InsuranceEnrolled: the person's scheme, insured area, ACTIVE; an EMPLOYEE gets an empty account in that area
 *       if they have none (an existing account keeps its area: only MoveAccount moves it).</li>
 *   <li>InsuranceTerminated: TERMINATED. InsuranceTransferred: the new scheme and area, ACTIVE; a transfer into EMPLOYEE
 *       opens the account if absent, in the FROM area until MoveAccount (or in the new area at once if the transfer's
 *       MoveAccount came first).</li>
 *   <li>ProviderRegistered: the designated provider, its type and area.</li>
 *   <li>RelationActivated: the relationship as ACTIVE (never re-activates one the wallet already knows as ending; it
 *       only fills in the scope of a row the saga's ReleaseQuota created first).
 *       RelationDissolving: DISSOLVING and its quota stops (no change, no new payment line). RelationDissolved:
 *       DISSOLVED.</li>
 * </ul>
 */
@Service
public class Projections {
    private final DatabaseClient db;
    private final Accounts accounts;
    private final Clock clock;

    public Projections(DatabaseClient db, Accounts accounts, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * The person's enrollment as of the registry's event time (updated_at): an older event arriving late (a replayed
     * parked message, say) never overwrites a newer state.
     */
    private Mono<Void> person(String personId, Scheme scheme, String poolingArea, String status, Instant asOf) {
        return db.sql("""
                        insert into person (person_id, scheme, pooling_area, status, updated_at)
                        values (:p, :scheme, :area, :status, :asOf)
                        on conflict (person_id) do update
                        set scheme = excluded.scheme, pooling_area = excluded.pooling_area, status = excluded.status,
                            updated_at = excluded.updated_at
                        where person.updated_at <= excluded.updated_at""")
                .bind("p", personId).bind("scheme", scheme.name()).bind("area", poolingArea).bind("status", status)
                .bind("asOf", asOf)
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> enrolled(InsuranceEnrolled e, Instant asOf) {
        return person(e.personId(), e.scheme(), e.poolingArea(), "ACTIVE", asOf)
                .then(e.scheme() == Scheme.EMPLOYEE ? accounts.openIfAbsent(e.personId(), e.poolingArea()) : Mono.empty());
    }

    public Mono<Void> terminated(InsuranceTerminated e, Instant asOf) {
        return person(e.personId(), e.scheme(), e.poolingArea(), "TERMINATED", asOf);
    }

    public Mono<Void> transferred(InsuranceTransferred e, Instant asOf) {
        return person(e.personId(), e.toScheme(), e.toPoolingArea(), "ACTIVE", asOf)
                .then(e.toScheme() == Scheme.EMPLOYEE ? accounts.openIfAbsent(e.personId(), e.fromPoolingArea())
                        : Mono.empty())
                // The saga's MoveAccount may have come first, when there was no account to move.
                .then(accounts.applyWaitingMove(e.transferId()));
    }

    public Mono<Void> provider(ProviderRegistered e) {
        return db.sql("""
                        insert into provider (provider_id, name, type, pooling_area, updated_at)
                        values (:id, :name, :type, :area, :now)
                        on conflict (provider_id) do update
                        set name = excluded.name, type = excluded.type, pooling_area = excluded.pooling_area,
                            updated_at = excluded.updated_at""")
                .bind("id", e.providerId()).bind("name", e.name() == null ? "" : e.name()).bind("type", e.type().name())
                .bind("area", e.poolingArea()).bind("now", clock.instant())
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> relationActivated(RelationActivated e) {
        var spec = db.sql("""
                        insert into relation (relation_id, benefactor_id, beneficiary_id, scope, status, updated_at)
                        values (:r, :benefactor, :beneficiary, :scope, 'ACTIVE', :now)
                        on conflict (relation_id) do update set scope = excluded.scope
                        where relation.scope is null and excluded.scope is not null""")
                .bind("r", e.relationId()).bind("benefactor", e.benefactorId()).bind("beneficiary", e.beneficiaryId())
                .bind("now", clock.instant());
        spec = e.scope() == null ? spec.bindNull("scope", String.class) : spec.bind("scope", e.scope().name());
        return spec.fetch().rowsUpdated().then();
    }

    /** Relationship statuses only move forward: ACTIVE → DISSOLVING → DISSOLVED. */
    public Mono<Void> relationEnding(String relationId, String benefactorId, String beneficiaryId, String status) {
        String from = "DISSOLVING".equals(status) ? "('ACTIVE')" : "('ACTIVE', 'DISSOLVING')";
        return db.sql("""
                        insert into relation (relation_id, benefactor_id, beneficiary_id, status, updated_at)
                        values (:r, :benefactor, :beneficiary, :status, :now)
                        on conflict (relation_id) do update set status = excluded.status, updated_at = excluded.updated_at
                        where relation.status in\s""" + from)
                .bind("r", relationId).bind("benefactor", benefactorId).bind("beneficiary", beneficiaryId)
                .bind("status", status).bind("now", clock.instant())
                .fetch().rowsUpdated()
                .then(db.sql("update quota set status = 'DISSOLVING', updated_at = :now where relation_id = :r and status = 'ACTIVE'")
                        .bind("now", clock.instant()).bind("r", relationId)
                        .fetch().rowsUpdated())
                .then();
    }
}
