package cn.mutualaid.relation.relationship;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.contracts.relation.RelationDeclined;
import cn.mutualaid.contracts.relation.RelationProposed;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.store.ProjectionStore;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules.Candidate;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules.Verdict;
import cn.mutualaid.relation.relationship.domain.Party;
import cn.mutualaid.relation.relationship.domain.Relation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import cn.mutualaid.relation.relationship.store.RelationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Establishing relationships: proposal and consent (or decline), or at a service hall by an agency. Every change is
 * audited in its transaction (target area: the benefactor's, whose money a relationship can freeze).
 */
@Service
public record RelationshipService(RelationStore relations, ProjectionStore projections, Candidates candidates,
        Outbox outbox, TransactionalOperator tx, Audit audit, Clock clock) {
    /** The benefactor proposes; the relationship waits for the beneficiary's consent. */
    public Mono<Relation> propose(Caller caller, String beneficiaryId, Kinship kinship) {
        Instant now = clock.instant();
        return allowed(caller.subject(), beneficiaryId, kinship, now)
                .flatMap(c -> create(caller, "relation.propose", c, RelationStatus.PENDING_CONSENT, Party.BENEFICIARY,
                        now));
    }

    /**
     * A service hall enters a relationship. It freezes the benefactor's money, so only an agency administering the
     * benefactor's current area makes it ACTIVE at once; an agency of only the beneficiary's area files it, and it
     * waits for the benefactor's consent (or their agency's). Any other agency is refused and nothing is written.
     */
    public Mono<Relation> createAtServiceHall(Caller agency, String benefactorId, String beneficiaryId,
            Kinship kinship) {
        Instant now = clock.instant();
        return candidate(benefactorId, beneficiaryId, kinship, now).flatMap(c -> {
            RelationStatus status = serviceHallStatus(agency, c.candidate());
            orRefuse(c);
            return status == RelationStatus.ACTIVE
                    ? create(agency, "relation.service-hall", c, RelationStatus.ACTIVE, Party.BENEFICIARY, now)
                    : create(agency, "relation.service-hall-file", c, RelationStatus.PENDING_CONSENT, Party.BENEFACTOR,
                            now);
        });
    }

    /**
     * What a service hall's entry becomes: ACTIVE for an agency of the benefactor's current area, PENDING_CONSENT for
     * one of only the beneficiary's; any other agency is refused (checked before any rule, so it learns nothing).
     */
    static RelationStatus serviceHallStatus(Caller agency, Candidate c) {
        if (c.benefactor() != null && agency.administers(c.benefactor().poolingArea())) {
            return RelationStatus.ACTIVE;
        }
        if (c.beneficiary() != null && agency.administers(c.beneficiary().poolingArea())) {
            return RelationStatus.PENDING_CONSENT;
        }
        throw Rejection.forbidden("NOT_PARTIES_AGENCY",
                "a service hall enters relationships only for persons insured in its area");
    }

    /**
     * The party the relationship waits for consents: the rules are checked again, as they stand now. Repeating it
     * changes nothing.
     */
    public Mono<Relation> consent(Caller caller, String relationId) {
        Instant now = clock.instant();
        return tx.transactional(answering(caller, relationId).flatMap(r -> {
            if (r.status() == RelationStatus.ACTIVE) {
                return Mono.just(r);
            }
            requirePending(r);
            return allowed(r.benefactorId(), r.beneficiaryId(), r.kinship(), now).flatMap(c -> {
                Relation active = new Relation(r.relationId(), r.benefactorId(), r.beneficiaryId(), r.kinship(),
                        c.verdict().scope(), RelationStatus.ACTIVE, c.candidate().benefactor().poolingArea(),
                        c.candidate().beneficiary().poolingArea(), r.createdAt(), now, r.consentParty());
                return relations.activate(r.relationId(), active.scope(), active.benefactorArea(),
                                active.beneficiaryArea(), now)
                        .then(outbox.append(activated(active, now), r.relationId()))
                        .then(audit.record(caller, "relation.consent", "relation", r.relationId(),
                                active.benefactorArea(), Map.of("status", "ACTIVE", "consentParty",
                                        r.consentParty().name(), "scope", active.scope().name())))
                        .thenReturn(active);
            });
        }));
    }

    /** The party the relationship waits for declines it. Repeating it changes nothing. */
    public Mono<Relation> decline(Caller caller, String relationId) {
        Instant now = clock.instant();
        return tx.transactional(answering(caller, relationId).flatMap(r -> {
            if (r.status() == RelationStatus.DECLINED) {
                return Mono.just(r);
            }
            requirePending(r);
            return relations.transition(r.relationId(), RelationStatus.PENDING_CONSENT, RelationStatus.DECLINED, now)
                    .then(outbox.append(new RelationDeclined(r.relationId(), r.benefactorId(), r.beneficiaryId(), now),
                            r.relationId()))
                    .then(audit.record(caller, "relation.decline", "relation", r.relationId(), r.benefactorArea(),
                            Map.of("status", "DECLINED", "consentParty", r.consentParty().name())))
                    .then(relations.find(relationId));
        }));
    }

    /** The relationship if the caller may see it; empty (→ 404) otherwise, so that existence does not leak. */
    public Mono<Relation> visibleTo(Caller caller, String relationId) {
        return relations.find(relationId).filter(r -> canSee(caller, r));
    }

    public static boolean canSee(Caller caller, Relation r) {
        return caller.isPerson(r.benefactorId()) || caller.isPerson(r.beneficiaryId())
                || caller.administers(r.benefactorArea()) || caller.administers(r.beneficiaryArea());
    }

    private record Checked(Candidate candidate, Verdict verdict) {
    }

    private Mono<Checked> allowed(String benefactorId, String beneficiaryId, Kinship kinship, Instant now) {
        return candidate(benefactorId, beneficiaryId, kinship, now).map(RelationshipService::orRefuse);
    }

    private static Checked orRefuse(Checked c) {
        if (!c.verdict().allowed()) {
            throw Rejection.refused(c.verdict().refusal().name(), c.verdict().refusal().detail());
        }
        return c;
    }

    private Mono<Checked> candidate(String benefactorId, String beneficiaryId, Kinship kinship, Instant now) {
        return candidates.load(benefactorId, beneficiaryId, kinship, now)
                .map(c -> new Checked(c, EstablishmentRules.check(c)));
    }

    private Mono<Relation> create(Caller caller, String action, Checked c, RelationStatus status,
            Party consentParty, Instant now) {
        Candidate candidate = c.candidate();
        Relation relation = new Relation(TimeOrderedUuid.next().toString(), candidate.benefactorId(),
                candidate.beneficiaryId(), candidate.kinship(), c.verdict().scope(), status,
                candidate.benefactor().poolingArea(), candidate.beneficiary().poolingArea(), now, now, consentParty);
        Object event = status == RelationStatus.ACTIVE ? activated(relation, now)
                : new RelationProposed(relation.relationId(), relation.benefactorId(), relation.beneficiaryId(),
                        relation.kinship(), relation.scope(), now);
        Map<String, Object> changes = Map.of("benefactorId", relation.benefactorId(),
                "beneficiaryId", relation.beneficiaryId(), "kinship", relation.kinship().name(),
                "status", status.name(), "scope", relation.scope().name(), "consentParty", consentParty.name());
        return tx.transactional(relations.insert(relation)
                        .then(outbox.append(event, relation.relationId()))
                        .then(audit.record(caller, action, "relation", relation.relationId(), relation.benefactorArea(),
                                changes)))
                .thenReturn(relation)
                .onErrorMap(DuplicateKeyException.class, e -> Rejection.conflict("RELATION_EXISTS",
                        "a live relationship between these two persons already exists"));
    }

    private static RelationActivated activated(Relation r, Instant now) {
        return new RelationActivated(r.relationId(), r.benefactorId(), r.beneficiaryId(), r.kinship(), r.scope(),
                r.benefactorArea(), r.beneficiaryArea(), now);
    }

    /**
     * Consent and decline belong to the party the relationship waits for: the beneficiary for a proposal; the benefactor
     * or an agency of the benefactor's current area for a filing from the beneficiary's service hall. A caller who may
     * see the relationship but is not that party gets 403; anyone else 404. The row is locked for the transition.
     */
    private Mono<Relation> answering(Caller caller, String relationId) {
        return relations.findForUpdate(relationId)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("relation")))
                .flatMap(r -> projections.person(r.benefactorId()).map(InsuredPerson::poolingArea)
                        .defaultIfEmpty(r.benefactorArea())
                        .flatMap(benefactorArea -> {
                            boolean answers = r.consentParty() == Party.BENEFICIARY
                                    ? caller.isPerson(r.beneficiaryId())
                                    : caller.isPerson(r.benefactorId()) || caller.administers(benefactorArea);
                            if (answers) {
                                return Mono.just(r);
                            }
                            if (!canSee(caller, r)) {
                                return Mono.error(Rejection.notFound("relation"));
                            }
                            return Mono.error(r.consentParty() == Party.BENEFICIARY
                                    ? Rejection.forbidden("NOT_BENEFICIARY", "only the beneficiary may answer a proposal")
                                    : Rejection.forbidden("NOT_BENEFACTOR", "only the benefactor or their agency may"
                                            + " answer a relationship filed at the beneficiary's service hall"));
                        }));
    }

    private static void requirePending(Relation r) {
        if (r.status() != RelationStatus.PENDING_CONSENT) {
            throw Rejection.conflict("RELATION_NOT_PENDING",
                    "the relationship is " + r.status() + ", not waiting for consent");
        }
    }
}
