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
import io.swagger.v3.oas.annotations.Operation;
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
    public record KinshipRequest(@NotNull @OpaqueId String personId, @NotNull @OpaqueId String relativeId,
            @NotNull Kinship kinship, @NotNull @Valid Evidence evidence) {
    }

    /**
     * The kind of official document and its reference number (plain text, as printed on it). A short bounded text:
     * an image, or anything but a document number, does not fit.
     */
    public record Evidence(@NotNull KinshipEvidenceKind kind, @NotNull @HumanText(max = 64) String reference) {
    }

    @PostMapping("/api/v1/kinships")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Record a verified kinship on documentary evidence (publishes KinshipVerified), by an agency of "
            + "either person's current area (others: 404): 201, or 200 with the existing link when the same one is "
            + "already recorded; 409 KINSHIP_CONFLICT, 422 SELF_KINSHIP")
    public Mono<ResponseEntity<KinshipView>> record(@Valid @RequestBody KinshipRequest body) {
        return Caller.current()
                .flatMap(c -> service.record(body.personId(), body.relativeId(), body.kinship(),
                        body.evidence().kind(), body.evidence().reference().strip(), c))
                .map(r -> ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(KinshipView.of(r.link())));
    }

    @GetMapping("/api/v1/persons/{personId}/kinships")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "The person's verified relatives, recorded and implied (?page=&size=)")
    public Flux<KinshipView> of(@PathVariable @OpaqueId String personId,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(c -> service.of(personId, page, size, c))
                .map(KinshipView::of);
    }
}
