package cn.mutualaid.relation.relationship;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import cn.mutualaid.relation.projection.store.ProjectionStore;
import cn.mutualaid.relation.projection.store.ProjectionStore.RolloutInForce;
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
public class Candidates {
    private final ProjectionStore projections;

    public Candidates(ProjectionStore projections) {
        this.projections = projections;
    }

    public Mono<Candidate> load(String benefactorId, String beneficiaryId, Kinship kinship, Instant now) {
        return Mono.zip(person(benefactorId), person(beneficiaryId),
                        projections.kinshipVerified(benefactorId, beneficiaryId, kinship))
                .flatMap(t -> Mono.zip(policy(t.getT1(), now), policy(t.getT2(), now))
                        .map(p -> new Candidate(benefactorId, t.getT1().orElse(null), beneficiaryId,
                                t.getT2().orElse(null), kinship, t.getT3(), p.getT1().policy(), p.getT2().policy(),
                                p.getT1().since(), p.getT2().since())));
    }

    private Mono<Optional<InsuredPerson>> person(String personId) {
        return projections.person(personId).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<RolloutInForce> policy(Optional<InsuredPerson> person, Instant now) {
        return person.map(p -> projections.rolloutInForce(p.province(), now))
                .orElse(Mono.just(new RolloutInForce(RolloutPolicy.DEFAULT, null)));
    }
}
