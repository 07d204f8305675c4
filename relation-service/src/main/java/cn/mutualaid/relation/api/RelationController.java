package cn.mutualaid.relation.api;

import cn.mutualaid.platform.web.Page;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.relation.relationship.Relation;
import cn.mutualaid.relation.relationship.RelationRepository;
import cn.mutualaid.relation.relationship.RelationStatus;
import cn.mutualaid.relation.relationship.RelationshipService;
import cn.mutualaid.relation.saga.DissolutionReason;
import cn.mutualaid.relation.saga.DissolutionSaga;
import cn.mutualaid.relation.saga.SagaOrchestrator;
import cn.mutualaid.relation.saga.SagaProperties;
import cn.mutualaid.relation.saga.SagaStore;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The relationship API (docs/api.md, Relationships). */
@RestController
@RequestMapping("/api/v1/relations")
public class RelationController {
    private final RelationshipService relationships;
    private final RelationRepository relations;
    private final SagaOrchestrator saga;
    private final SagaStore sagas;
    private final SagaProperties sagaProperties;
    private final TransactionalOperator tx;
    private final Clock clock;

    public RelationController(RelationshipService relationships, RelationRepository relations, SagaOrchestrator saga,
            SagaStore sagas, SagaProperties sagaProperties, TransactionalOperator tx, Clock clock) {
        this.relationships = relationships;
        this.relations = relations;
        this.saga = saga;
        this.sagas = sagas;
        this.sagaProperties = sagaProperties;
        this.tx = tx;
        this.clock = clock;
    }

    /** 201 {relationId, status, scope}: PENDING_CONSENT when a benefactor proposes, ACTIVE from a service hall. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<RelationView> establish(@Valid @RequestBody RelationRequests.Establish body) {
        return Caller.current().flatMap(caller -> {
            if (caller.has(Role.AGENCY)) {
                if (body.benefactorId() == null || body.benefactorId().isBlank()) {
                    return Mono.error(ApiException.unprocessable("VALIDATION_FAILED",
                            "an agency names the benefactor: benefactorId is required"));
                }
                return relationships.createAtServiceHall(caller, body.benefactorId(), body.beneficiaryId(),
                        body.kinship());
            }
            // A person proposes only as themselves.
            if (body.benefactorId() != null && !caller.isPerson(body.benefactorId())) {
                return Mono.error(ApiException.forbidden());
            }
            return relationships.propose(caller.subject(), body.beneficiaryId(), body.kinship());
        }).map(r -> RelationView.of(r, null));
    }

    @PostMapping("/{relationId}/consent")
    @PreAuthorize("hasRole('INSURED')")
    public Mono<RelationView> consent(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> relationships.consent(caller, relationId))
                .map(r -> RelationView.of(r, null));
    }

    @PostMapping("/{relationId}/decline")
    @PreAuthorize("hasRole('INSURED')")
    public Mono<RelationView> decline(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> relationships.decline(caller, relationId))
                .map(r -> RelationView.of(r, null));
    }

    /**
     * 202 {relationId, status: DISSOLVING|DISSOLVED}: the saga has started (or had already). Either party or an agency
     * of either party's area; others see 404.
     */
    @PostMapping("/{relationId}/dissolve")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<Map<String, Object>> dissolve(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> tx.transactional(relationships.visibleTo(caller, relationId)
                        .switchIfEmpty(Mono.error(ApiException.notFound("relation")))
                        .flatMap(r -> {
                            if (r.status() == RelationStatus.DECLINED) {
                                return Mono.error(ApiException.conflict("RELATION_NOT_LIVE",
                                        "a declined proposal has nothing to dissolve"));
                            }
                            return saga.dissolve(relationId, reasonFor(caller, r));
                        })))
                .map(status -> Map.of("relationId", relationId, "status", status.name()));
    }

    @GetMapping("/{relationId}")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<RelationView> get(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> relationships.visibleTo(caller, relationId))
                .switchIfEmpty(Mono.error(ApiException.notFound("relation")))
                .flatMap(this::withDissolution);
    }

    /** The caller's own relationships in both roles, newest first. */
    @GetMapping
    @PreAuthorize("hasRole('INSURED')")
    public Flux<RelationView> mine(
            @RequestParam(required = false) RelationRepository.Role role,
            @RequestParam(required = false) RelationStatus status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(caller -> relations.pageOf(caller.subject(), role, status, page, size)
                .flatMapMany(Flux::fromIterable))
                .concatMap(this::withDissolution);
    }

    private Mono<RelationView> withDissolution(Relation r) {
        return sagas.findByRelation(r.relationId())
                .flatMap(s -> sagas.steps(s.sagaId()).map(steps -> new RelationView.Dissolution(
                        s.sagaId().toString(), s.reason(), s.state(), s.releasedFen(), s.voidedHoldFen(), s.attempts(),
                        s.startedAt(), s.finishedAt(),
                        DissolutionSaga.isStuck(s.state(), s.startedAt(), clock.instant(), sagaProperties.stuckAfter()),
                        toSteps(steps))))
                .map(d -> RelationView.of(r, d))
                .defaultIfEmpty(RelationView.of(r, null));
    }

    private static List<RelationView.Step> toSteps(List<SagaStore.StepRow> steps) {
        return steps.stream().map(s -> new RelationView.Step(s.step(), s.at())).toList();
    }

    private static DissolutionReason reasonFor(Caller caller, Relation r) {
        if (caller.isPerson(r.benefactorId())) {
            return DissolutionReason.BENEFACTOR_REQUEST;
        }
        if (caller.isPerson(r.beneficiaryId())) {
            return DissolutionReason.BENEFICIARY_REQUEST;
        }
        return DissolutionReason.AGENCY_REQUEST;
    }
}
