package cn.mutualaid.relation.relationship;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutInForce;
import cn.mutualaid.relation.projection.store.ProjectionStore;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules.Candidate;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Everything the establishment rules need, from the local projections only (no call to the registry). The real
 * calls and their explanation load it here alike, so both judge the same facts.
 */
@Component
public record Candidates(ProjectionStore projections) {
    /** The facts as they stand at {@code at}: the rollouts in force then, in each person's current pooling area. */
    public Mono<Candidate> load(String benefactorId, String beneficiaryId, Kinship kinship, Instant at) {
        return Mono.zip(person(benefactorId), person(beneficiaryId),
                        projections.kinshipVerified(benefactorId, beneficiaryId, kinship))
                .flatMap(t -> Mono.zip(rollout(t.getT1(), at), rollout(t.getT2(), at))
                        .map(r -> new Candidate(benefactorId, t.getT1().orElse(null), beneficiaryId,
                                t.getT2().orElse(null), kinship, t.getT3(), r.getT1(), r.getT2())));
    }

    private Mono<Optional<InsuredPerson>> person(String personId) {
        return projections.person(personId).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<RolloutInForce> rollout(Optional<InsuredPerson> person, Instant at) {
        return person.map(p -> projections.rolloutInForce(p.poolingArea(), at))
                .orElse(Mono.just(RolloutInForce.defaultFor(null)));
    }
}
