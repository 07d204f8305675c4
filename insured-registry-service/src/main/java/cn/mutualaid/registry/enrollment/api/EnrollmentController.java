package cn.mutualaid.registry.enrollment.api;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.AreaCode;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.registry.enrollment.EnrollmentService;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

@RestController
@RequestMapping("/api/v1/persons/{personId}")
@Tag(name = "Enrollment", description = "One current enrollment per person; history kept; termination")
public class EnrollmentController {
    private final EnrollmentService service;

    public EnrollmentController(EnrollmentService service) {
        this.service = service;
    }

    public record EnrollRequest(@Schema(description = "The insurance scheme", example = "EMPLOYEE") @NotNull Scheme scheme,
            @Schema(description = "GB/T 2260 code of the prefecture-level pooling area", example = "320500")
            @NotNull @AreaCode String poolingArea) {
    }

    public record TerminateRequest(
            @Schema(description = "Why the insurance ends, kept with the closed enrollment", example = "moved abroad")
            @NotNull @HumanText(max = 200) String reason) {
    }

    @PostMapping("/enrollment")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Enroll a person in a pooling area",
            description = "An agency administering the pooling area. Opens the person's ACTIVE enrollment (publishes "
                    + "InsuranceEnrolled); a person already enrolled must be transferred or terminated first.")
    @RefusesNotFound
    @Refuses(status = 409, codes = "ALREADY_ENROLLED")
    @Refuses(status = 422, codes = "UNKNOWN_POOLING_AREA")
    public Mono<EnrollmentView> enroll(@PathVariable @OpaqueId String personId, @Valid @RequestBody EnrollRequest body) {
        return Caller.current().flatMap(c -> service.enroll(personId, body.scheme(), body.poolingArea(), c))
                .map(EnrollmentView::of);
    }

    @PostMapping("/enrollment/terminate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Terminate a person's insurance",
            description = "An agency administering the person's current pooling area. Closes the ACTIVE enrollment "
                    + "with the reason (publishes InsuranceTerminated); other agencies get 404.")
    @RefusesNotFound
    @Refuses(status = 422, codes = "NOT_ENROLLED")
    public Mono<EnrollmentView> terminate(@PathVariable @OpaqueId String personId, @Valid @RequestBody TerminateRequest body) {
        return Caller.current().flatMap(c -> service.terminate(personId, body.reason().strip(), c))
                .map(EnrollmentView::of);
    }

    @GetMapping("/enrollments")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "List a person's enrollment history",
            description = "The person themselves, or an agency that may see them (as for reading the person); "
                    + "newest first, paged with ?page=&size=.")
    @RefusesNotFound
    public Flux<EnrollmentView> history(@PathVariable @OpaqueId String personId,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(c -> service.history(personId, page, size, c))
                .map(EnrollmentView::of);
    }
}
