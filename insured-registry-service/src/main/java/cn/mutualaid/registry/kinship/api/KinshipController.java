package cn.mutualaid.registry.kinship.api;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.registry.KinshipEvidenceKind;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.registry.kinship.KinshipService;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Kinship", description = "Verified kinship links; the inverse link is implied")
public class KinshipController {
    private final KinshipService service;

    public KinshipController(KinshipService service) {
        this.service = service;
    }

    /** {@code kinship} is what the relative is to the person; {@code evidence} is the document the agency saw. */
    public record KinshipRequest(
            @Schema(description = "The person", example = "4f1c2a3e-8b7d-4c6e-9a1b-2d3e4f5a6b7c")
            @NotNull @OpaqueId String personId,
            @Schema(description = "The relative", example = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
            @NotNull @OpaqueId String relativeId,
            @Schema(description = "What the relative is to the person", example = "SPOUSE") @NotNull Kinship kinship,
            @NotNull @Valid Evidence evidence) {
    }

    /**
     * The kind of official document and its reference number (plain text, as printed on it). A short bounded text:
     * an image, or anything but a document number, does not fit.
     */
    public record Evidence(
            @Schema(description = "The kind of official document", example = "MARRIAGE_CERTIFICATE")
            @NotNull KinshipEvidenceKind kind,
            @Schema(description = "The document's own number as printed on it (never a citizen ID number)",
                    example = "J320505-2021-001234") @NotNull @HumanText(max = 64) String reference) {
    }

    @PostMapping("/api/v1/kinships")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Record a verified kinship between two persons",
            description = "An agency administering either person's current pooling area (others get 404), on the "
                    + "documentary evidence it saw: 201 with the new link (publishes KinshipVerified), or 200 with the "
                    + "existing link when the same one is already recorded from either side.")
    @ApiResponse(responseCode = "201", description = "recorded",
            content = @Content(schema = @Schema(implementation = KinshipView.class)))
    @ApiResponse(responseCode = "200", description = "already recorded: the existing link",
            content = @Content(schema = @Schema(implementation = KinshipView.class)))
    @RefusesNotFound
    @Refuses(status = 409, codes = "KINSHIP_CONFLICT")
    @Refuses(status = 422, codes = {"SELF_KINSHIP", "EVIDENCE_REFERENCE_IS_ID_NUMBER"})
    public Mono<ResponseEntity<KinshipView>> record(@Valid @RequestBody KinshipRequest body) {
        return Caller.current()
                .flatMap(c -> service.record(body.personId(), body.relativeId(), body.kinship(),
                        body.evidence().kind(), body.evidence().reference().strip(), c))
                .map(r -> ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(KinshipView.of(r.link())));
    }

    @GetMapping("/api/v1/persons/{personId}/kinships")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "List a person's verified relatives",
            description = "The person themselves, or an agency that may see them: the links recorded for them and "
                    + "those implied by their relatives' links; ?page=&size=.")
    @RefusesNotFound
    public Flux<KinshipView> of(@PathVariable @OpaqueId String personId,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(c -> service.of(personId, page, size, c))
                .map(KinshipView::of);
    }
}
