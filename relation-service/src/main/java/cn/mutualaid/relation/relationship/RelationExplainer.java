package cn.mutualaid.relation.relationship;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules.Check;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules.Evaluation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import cn.mutualaid.relation.relationship.store.RelationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A dry run of establishing a relationship: the same facts ({@link Candidates}), the same authority and the same
 * {@link EstablishmentRules#evaluate evaluation} as the real call, and nothing written (no row, event or audit entry:
 * it changes nothing, so there is nothing to audit). A caller the real call would refuse with 403 gets that same
 * 403 here, and no facts.
 */
@Service
public record RelationExplainer(Candidates candidates, RelationStore relations, Clock clock) {
    /**
     * The answer: whether the real call would succeed, and if not the problem code it would give; {@code status} is
     * what it would create (PENDING_CONSENT or ACTIVE) and {@code scope} the scope, both only when allowed.
     */
    public record Explanation(boolean allowed, String code, RelationStatus status, AidScope scope,
            List<Check> checks) {
    }

    /** As {@link RelationshipService#propose}: the caller is the benefactor. */
    public Mono<Explanation> proposal(Caller benefactor, String beneficiaryId, Kinship kinship) {
        return explain(null, benefactor.subject(), beneficiaryId, kinship);
    }

    /** As {@link RelationshipService#createAtServiceHall}. */
    public Mono<Explanation> serviceHall(Caller agency, String benefactorId, String beneficiaryId, Kinship kinship) {
        return explain(agency, benefactorId, beneficiaryId, kinship);
    }

    private Mono<Explanation> explain(Caller agency, String benefactorId, String beneficiaryId, Kinship kinship) {
        Instant now = clock.instant();
        return candidates.load(benefactorId, beneficiaryId, kinship, now).flatMap(c -> {
            List<Check> checks = new ArrayList<>();
            RelationStatus status = RelationStatus.PENDING_CONSENT;
            if (agency != null) {
                status = RelationshipService.serviceHallStatus(agency, c);
                checks.add(new Check("PARTIES_AGENCY", true, Map.of("agencyArea", agency.area(),
                        "administers", status == RelationStatus.ACTIVE ? "BENEFACTOR" : "BENEFICIARY")));
            }
            Evaluation evaluation = EstablishmentRules.evaluate(c);
            checks.addAll(evaluation.checks());
            if (!evaluation.verdict().allowed()) {
                return Mono.just(new Explanation(false, evaluation.verdict().refusal().name(), null, null,
                        List.copyOf(checks)));
            }
            RelationStatus creates = status;
            return relations.liveBetween(benefactorId, beneficiaryId).map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .map(live -> {
                        checks.add(new Check("NO_LIVE_RELATION", live.isEmpty(), live
                                .<Map<String, Object>>map(r -> Map.of("exists", true, "status", r.status().name()))
                                .orElse(Map.of("exists", false))));
                        return live.isEmpty()
                                ? new Explanation(true, null, creates, evaluation.verdict().scope(), List.copyOf(checks))
                                : new Explanation(false, "RELATION_EXISTS", null, null, List.copyOf(checks));
                    });
        });
    }
}
