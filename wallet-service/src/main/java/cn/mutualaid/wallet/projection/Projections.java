package cn.mutualaid.wallet.projection;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.ProviderRegistered;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.wallet.account.Accounts;
import cn.mutualaid.wallet.projection.store.ProjectionStore;
import java.time.Clock;
import java.time.Instant;
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
public record Projections(ProjectionStore store, Accounts accounts, Clock clock) {
    /**
     * The person's enrollment as of the registry's event time (updated_at): an older event arriving late (a replayed
     * parked message, say) never overwrites a newer state.
     */
    private Mono<Void> person(String personId, Scheme scheme, String poolingArea, String status, Instant asOf) {
        return store.person(personId, scheme.name(), poolingArea, status, asOf);
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
        return store.provider(e.providerId(), e.name() == null ? "" : e.name(), e.type().name(), e.poolingArea(),
                clock.instant());
    }

    public Mono<Void> relationActivated(RelationActivated e) {
        return store.relationActive(e.relationId(), e.benefactorId(), e.beneficiaryId(),
                e.scope() == null ? null : e.scope().name(), clock.instant());
    }

    /** Relationship statuses only move forward: ACTIVE → DISSOLVING → DISSOLVED. */
    public Mono<Void> relationEnding(String relationId, String benefactorId, String beneficiaryId, String status) {
        return store.relationEnding(relationId, benefactorId, beneficiaryId, status, clock.instant());
    }
}
