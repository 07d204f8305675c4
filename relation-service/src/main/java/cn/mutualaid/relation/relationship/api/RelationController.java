package cn.mutualaid.relation.relationship.api;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.relation.relationship.DissolutionRequests;
import cn.mutualaid.relation.relationship.RelationExplainer;
import cn.mutualaid.relation.relationship.RelationReads;
import cn.mutualaid.relation.relationship.RelationshipService;
import cn.mutualaid.relation.relationship.domain.Party;
import cn.mutualaid.relation.relationship.domain.Relation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
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
    private final RelationExplainer explainer;
    private final RelationReads reads;
    private final DissolutionRequests dissolutions;

    public RelationController(RelationshipService relationships, RelationExplainer explainer, RelationReads reads,
            DissolutionRequests dissolutions) {
        this.explainer = explainer;
        this.relationships = relationships;
        this.reads = reads;
        this.dissolutions = dissolutions;
    }

    /**
     * 201 {relationId, status, scope}: PENDING_CONSENT when a benefactor proposes; from a service hall ACTIVE when the
     * agency administers the benefactor's area, PENDING_CONSENT (awaiting the benefactor) when only the beneficiary's.
     */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<RelationView> establish(@Valid @RequestBody RelationRequests.Establish body) {
        return Caller.current().flatMap(caller -> atServiceHall(caller, body)
                ? relationships.createAtServiceHall(caller, body.benefactorId(), body.beneficiaryId(), body.kinship())
                : relationships.propose(caller, body.beneficiaryId(), body.kinship()))
                .map(r -> RelationView.of(r, null));
    }

    /**
     * 200 {allowed, code?, status?, scope?, checks: [{rule, passed, facts}]}: what POST /relations with this body would
     * do, by the same authority and rules, writing nothing. A refused caller gets the real call's 403.
     */
    @PostMapping("/explain")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<ExplanationView> explain(@Valid @RequestBody RelationRequests.Establish body) {
        return Caller.current().flatMap(caller -> atServiceHall(caller, body)
                ? explainer.serviceHall(caller, body.benefactorId(), body.beneficiaryId(), body.kinship())
                : explainer.proposal(caller, body.beneficiaryId(), body.kinship()))
                .map(ExplanationView::of);
    }

    /**
     * Whether the body is an agency's service-hall entry (it must name the benefactor) rather than a person's own
     * proposal (a person proposes only as themselves).
     */
    private static boolean atServiceHall(Caller caller, RelationRequests.Establish body) {
        if (caller.has(Role.AGENCY)) {
            if (body.benefactorId() == null || body.benefactorId().isBlank()) {
                throw Rejection.refused("VALIDATION_FAILED", "an agency names the benefactor: benefactorId is required");
            }
            return true;
        }
        if (body.benefactorId() != null && !caller.isPerson(body.benefactorId())) {
            throw Rejection.forbidden();
        }
        return false;
    }

    /** The party the relationship waits for: the beneficiary, or for a filing the benefactor or their agency. */
    @PostMapping("/{relationId}/consent")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<RelationView> consent(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> relationships.consent(caller, relationId))
                .map(r -> RelationView.of(r, null));
    }

    @PostMapping("/{relationId}/decline")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
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
        return Caller.current().flatMap(caller -> dissolutions.request(caller, relationId))
                .map(status -> Map.of("relationId", relationId, "status", status.name()));
    }

    @GetMapping("/{relationId}")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<RelationView> get(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> relationships.visibleTo(caller, relationId))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("relation")))
                .flatMap(this::withDissolution);
    }

    /** The caller's own relationships in both roles, newest first. */
    @GetMapping
    @PreAuthorize("hasRole('INSURED')")
    public Flux<RelationView> mine(
            @RequestParam(required = false) Party role,
            @RequestParam(required = false) RelationStatus status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(caller -> reads.of(caller.subject(), role, status, page, size))
                .concatMap(this::withDissolution);
    }

    private Mono<RelationView> withDissolution(Relation r) {
        return reads.dissolutionOf(r.relationId())
                .map(d -> RelationView.of(r, new RelationView.Dissolution(d.saga().sagaId().toString(),
                        d.saga().reason(), d.saga().state(), d.saga().releasedFen(), d.saga().voidedHoldFen(),
                        d.saga().attempts(), d.saga().startedAt(), d.saga().finishedAt(), d.stuck(),
                        d.steps().stream().map(s -> new RelationView.Step(s.step(), s.at())).toList())))
                .defaultIfEmpty(RelationView.of(r, null));
    }
}
