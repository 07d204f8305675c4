package cn.mutualaid.relation.relationship.api;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesNotFound;
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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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
@Tag(name = "Relationships", description = "Mutual-aid relationships (共济关系) between verified relatives: proposal,"
        + " service-hall entry, consent and dissolution")
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
    @Operation(summary = "Establish a mutual-aid relationship",
            description = "An insured benefactor proposes aid to a verified relative, who then consents. A service hall"
                    + " (AGENCY) names both persons: ACTIVE at once when it administers the benefactor's current area,"
                    + " filed for the benefactor's consent when it administers only the beneficiary's.")
    @Refuses(status = 403, codes = "NOT_PARTIES_AGENCY")
    @Refuses(status = 409, codes = "RELATION_EXISTS")
    @Refuses(status = 422, codes = {"SELF_RELATION", "NOT_EMPLOYEE_INSURED", "BENEFICIARY_NOT_INSURED",
            "KINSHIP_NOT_VERIFIED", "KINSHIP_OUT_OF_SCOPE", "INTRA_PROVINCE_NOT_LIVE", "CROSS_PROVINCE_NOT_LIVE"})
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
    @Operation(summary = "Explain whether a relationship could be established",
            description = "The same caller and body as establishing one: answers each rule checked, with its facts,"
                    + " and the problem code the real call would give; writes nothing.")
    @Refuses(status = 403, codes = "NOT_PARTIES_AGENCY")
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
    @Operation(summary = "Consent to a relationship waiting for you",
            description = "The party awaited: the beneficiary of a proposal; the benefactor, or an agency of the"
                    + " benefactor's current area, for a service-hall filing. Every rule is checked again; a repeat"
                    + " changes nothing.")
    @Refuses(status = 403, codes = {"NOT_BENEFICIARY", "NOT_BENEFACTOR"})
    @RefusesNotFound
    @Refuses(status = 409, codes = "RELATION_NOT_PENDING")
    @Refuses(status = 422, codes = {"SELF_RELATION", "NOT_EMPLOYEE_INSURED", "BENEFICIARY_NOT_INSURED",
            "KINSHIP_NOT_VERIFIED", "KINSHIP_OUT_OF_SCOPE", "INTRA_PROVINCE_NOT_LIVE", "CROSS_PROVINCE_NOT_LIVE"})
    @PostMapping("/{relationId}/consent")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<RelationView> consent(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> relationships.consent(caller, relationId))
                .map(r -> RelationView.of(r, null));
    }

    @Operation(summary = "Decline a relationship waiting for you",
            description = "The party awaited, as for consent, declines the relationship; a repeat changes nothing.")
    @Refuses(status = 403, codes = {"NOT_BENEFICIARY", "NOT_BENEFACTOR"})
    @RefusesNotFound
    @Refuses(status = 409, codes = "RELATION_NOT_PENDING")
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
    @Operation(summary = "End a relationship",
            description = "Either party, or an agency of either party's area, starts the dissolution that returns the"
                    + " frozen quota to the benefactor; answers DISSOLVING, or DISSOLVED when nothing was frozen. A"
                    + " repeat answers the same.")
    @RefusesNotFound
    @Refuses(status = 409, codes = "RELATION_NOT_LIVE")
    @ApiResponse(responseCode = "202", description = "The dissolution has started, or had already")
    @PostMapping("/{relationId}/dissolve")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<Dissolving> dissolve(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> dissolutions.request(caller, relationId))
                .map(status -> new Dissolving(relationId, status));
    }

    @Operation(summary = "Read a relationship and its dissolution",
            description = "The parties and agencies of either party's area; anyone else gets 404.")
    @RefusesNotFound
    @GetMapping("/{relationId}")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<RelationView> get(@PathVariable @OpaqueId String relationId) {
        return Caller.current().flatMap(caller -> relationships.visibleTo(caller, relationId))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("relation")))
                .flatMap(this::withDissolution);
    }

    /** The caller's own relationships in both roles, newest first. */
    @Operation(summary = "List your relationships",
            description = "An insured person's relationships as benefactor and as beneficiary, newest first; filter by"
                    + " role and status.")
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
