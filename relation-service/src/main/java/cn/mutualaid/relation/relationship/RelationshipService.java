package cn.mutualaid.relation.relationship;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.contracts.relation.RelationDeclined;
import cn.mutualaid.contracts.relation.RelationProposed;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.relation.projection.InsuredPerson;
import cn.mutualaid.relation.projection.ProjectionStore;
import cn.mutualaid.relation.projection.RolloutPolicy;
import cn.mutualaid.relation.relationship.EstablishmentRules.Candidate;
import cn.mutualaid.relation.relationship.EstablishmentRules.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Establishing relationships: proposal and consent (or decline), or directly at a service hall by an agency. */
@Service
public class RelationshipService {
    private final RelationRepository relations;
    private final ProjectionStore projections;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    public RelationshipService(RelationRepository relations, ProjectionStore projections, Outbox outbox,
            TransactionalOperator tx, Clock clock) {
        this.relations = relations;
        this.projections = projections;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** The benefactor proposes; the relationship waits for the beneficiary's consent. */
    public Mono<Relation> propose(String benefactorId, String beneficiaryId, Kinship kinship) {
        Instant now = clock.instant();
        return allowed(benefactorId, beneficiaryId, kinship, now)
                .flatMap(c -> create(c, RelationStatus.PENDING_CONSENT, now));
    }

    /** Both parties at a service hall: an agency administering either party's area creates it ACTIVE at once. */
    public Mono<Relation> createAtServiceHall(Caller agency, String benefactorId, String beneficiaryId,
            Kinship kinship) {
        Instant now = clock.instant();
        return candidate(benefactorId, beneficiaryId, kinship, now)
                .flatMap(c -> administersEither(agency, c.candidate().benefactor(), c.candidate().beneficiary())
                        ? Mono.just(c) : Mono.error(ApiException.forbidden()))
                .map(RelationshipService::orRefuse)
                .flatMap(c -> create(c, RelationStatus.ACTIVE, now));
    }

    /** The beneficiary consents: the rules are checked again, as they stand now. Repeating it changes nothing. */
    public Mono<Relation> consent(Caller caller, String relationId) {
        Instant now = clock.instant();
        return tx.transactional(beneficiaryAction(caller, relationId).flatMap(r -> {
            if (r.status() == RelationStatus.ACTIVE) {
                return Mono.just(r);
            }
            requirePending(r);
            return allowed(r.benefactorId(), r.beneficiaryId(), r.kinship(), now).flatMap(c -> {
                Relation active = new Relation(r.relationId(), r.benefactorId(), r.beneficiaryId(), r.kinship(),
                        c.verdict().scope(), RelationStatus.ACTIVE, c.candidate().benefactor().poolingArea(),
                        c.candidate().beneficiary().poolingArea(), r.createdAt(), now);
                return relations.activate(r.relationId(), active.scope(), active.benefactorArea(),
                                active.beneficiaryArea(), now)
                        .then(outbox.append(activated(active, now), r.relationId()))
                        .thenReturn(active);
            });
        }));
    }

    /** The beneficiary declines a proposal. Repeating it changes nothing. */
    public Mono<Relation> decline(Caller caller, String relationId) {
        Instant now = clock.instant();
        return tx.transactional(beneficiaryAction(caller, relationId).flatMap(r -> {
            if (r.status() == RelationStatus.DECLINED) {
                return Mono.just(r);
            }
            requirePending(r);
            return relations.transition(r.relationId(), RelationStatus.PENDING_CONSENT, RelationStatus.DECLINED, now)
                    .then(outbox.append(new RelationDeclined(r.relationId(), r.benefactorId(), r.beneficiaryId(), now),
                            r.relationId()))
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
            throw ApiException.unprocessable(c.verdict().refusal().name(), c.verdict().refusal().detail());
        }
        return c;
    }

    /** Everything the rules need, from the local projections only (no call to the registry). */
    private Mono<Checked> candidate(String benefactorId, String beneficiaryId, Kinship kinship, Instant now) {
        return Mono.zip(person(benefactorId), person(beneficiaryId),
                        projections.kinshipVerified(benefactorId, beneficiaryId, kinship))
                .flatMap(t -> Mono.zip(policy(t.getT1(), now), policy(t.getT2(), now))
                        .map(p -> {
                            Candidate c = new Candidate(benefactorId, t.getT1().orElse(null), beneficiaryId,
                                    t.getT2().orElse(null), kinship, t.getT3(), p.getT1(), p.getT2());
                            return new Checked(c, EstablishmentRules.check(c));
                        }));
    }

    private Mono<Optional<InsuredPerson>> person(String personId) {
        return projections.person(personId).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<RolloutPolicy> policy(Optional<InsuredPerson> person, Instant now) {
        return person.map(p -> projections.rolloutAt(p.province(), now)).orElse(Mono.just(RolloutPolicy.DEFAULT));
    }

    private Mono<Relation> create(Checked c, RelationStatus status, Instant now) {
        Candidate candidate = c.candidate();
        Relation relation = new Relation(UUID.randomUUID().toString(), candidate.benefactorId(),
                candidate.beneficiaryId(), candidate.kinship(), c.verdict().scope(), status,
                candidate.benefactor().poolingArea(), candidate.beneficiary().poolingArea(), now, now);
        Object event = status == RelationStatus.ACTIVE ? activated(relation, now)
                : new RelationProposed(relation.relationId(), relation.benefactorId(), relation.beneficiaryId(),
                        relation.kinship(), relation.scope(), now);
        return tx.transactional(relations.insert(relation).then(outbox.append(event, relation.relationId())))
                .thenReturn(relation)
                .onErrorMap(DuplicateKeyException.class, e -> ApiException.conflict("RELATION_EXISTS",
                        "a live relationship between these two persons already exists"));
    }

    private static RelationActivated activated(Relation r, Instant now) {
        return new RelationActivated(r.relationId(), r.benefactorId(), r.beneficiaryId(), r.kinship(), r.scope(),
                r.benefactorArea(), r.beneficiaryArea(), now);
    }

    /** Consent and decline belong to the beneficiary; the row is locked for the transition. */
    private Mono<Relation> beneficiaryAction(Caller caller, String relationId) {
        return relations.findForUpdate(relationId)
                .filter(r -> caller.isPerson(r.benefactorId()) || caller.isPerson(r.beneficiaryId()))
                .switchIfEmpty(Mono.error(ApiException.notFound("relation")))
                .flatMap(r -> caller.isPerson(r.beneficiaryId()) ? Mono.just(r) : Mono.error(new ApiException(
                        HttpStatus.FORBIDDEN, "NOT_BENEFICIARY", "only the beneficiary may answer a proposal")));
    }

    private static void requirePending(Relation r) {
        if (r.status() != RelationStatus.PENDING_CONSENT) {
            throw new ApiException(HttpStatus.CONFLICT, "RELATION_NOT_PENDING",
                    "the relationship is " + r.status() + ", not waiting for consent");
        }
    }

    private static boolean administersEither(Caller agency, InsuredPerson benefactor, InsuredPerson beneficiary) {
        return (benefactor != null && agency.administers(benefactor.poolingArea()))
                || (beneficiary != null && agency.administers(beneficiary.poolingArea()));
    }
}
