package cn.mutualaid.registry.transfer.api;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.AreaCode;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.registry.transfer.TransferService;
import cn.mutualaid.registry.transfer.domain.TransferAction;
import cn.mutualaid.registry.transfer.domain.TransferStatus;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Transfers", description = "医保关系转移接续: filed by the current area (moves at once) or the target area "
        + "(a request the current area or the person confirms or refuses; the filing area may withdraw it; it expires)")
public class TransferController {
    private final TransferService service;

    public TransferController(TransferService service) {
        this.service = service;
    }

    /** {@code scheme} is optional: the current scheme is kept when it is absent. */
    public record TransferRequest(
            @Schema(description = "GB/T 2260 code of the pooling area the person moves to", example = "510100")
            @NotNull @AreaCode String toPoolingArea,
            @Schema(description = "The scheme in the new area; the current one when absent", example = "EMPLOYEE")
            Scheme scheme) {
    }

    @PostMapping("/api/v1/persons/{personId}/enrollment/transfer")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Transfer a person's insurance to another pooling area",
            description = "An agency of the person's current area (COMPLETED at once, publishes InsuranceTransferred: "
                    + "relationships end, then the account moves) or of the target area (REQUESTED, publishes "
                    + "TransferRequested; nothing moves until confirmed). Other agencies get 404.")
    @RefusesNotFound
    @Refuses(status = 409, codes = "TRANSFER_ALREADY_REQUESTED")
    @Refuses(status = 422, codes = {"NOT_ENROLLED", "SAME_POOLING_AREA", "UNKNOWN_POOLING_AREA"})
    public Mono<TransferView> file(@PathVariable @OpaqueId String personId,
            @Valid @RequestBody TransferRequest body) {
        return Caller.current().flatMap(c -> service.file(personId, body.toPoolingArea(), body.scheme(), c))
                .map(TransferView::of);
    }

    @PostMapping("/api/v1/transfers/{transferId}/confirm")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "Confirm a transfer request",
            description = "The agency of the person's current area, or the person. The enrollment moves (publishes "
                    + "InsuranceTransferred); the filing area gets 403 TRANSFER_NOT_YOURS, anyone without a part 404.")
    @Refuses(status = 403, codes = "TRANSFER_NOT_YOURS")
    @RefusesNotFound
    @Refuses(status = 409, codes = {"TRANSFER_NOT_OPEN", "ENROLLMENT_CHANGED"})
    public Mono<TransferView> confirm(@PathVariable @OpaqueId String transferId) {
        return decide(transferId, TransferAction.CONFIRM);
    }

    @PostMapping("/api/v1/transfers/{transferId}/refuse")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "Refuse a transfer request",
            description = "The agency of the person's current area, or the person. Nothing moves (publishes "
                    + "TransferRefused); the filing area gets 403 TRANSFER_NOT_YOURS, anyone without a part 404.")
    @Refuses(status = 403, codes = "TRANSFER_NOT_YOURS")
    @RefusesNotFound
    @Refuses(status = 409, codes = "TRANSFER_NOT_OPEN")
    public Mono<TransferView> refuse(@PathVariable @OpaqueId String transferId) {
        return decide(transferId, TransferAction.REFUSE);
    }

    @PostMapping("/api/v1/transfers/{transferId}/withdraw")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Withdraw a transfer request",
            description = "The agency of the target area, which filed it (publishes TransferWithdrawn); the current "
                    + "area gets 403 TRANSFER_NOT_YOURS, anyone without a part 404.")
    @Refuses(status = 403, codes = "TRANSFER_NOT_YOURS")
    @RefusesNotFound
    @Refuses(status = 409, codes = "TRANSFER_NOT_OPEN")
    public Mono<TransferView> withdraw(@PathVariable @OpaqueId String transferId) {
        return decide(transferId, TransferAction.WITHDRAW);
    }

    @GetMapping("/api/v1/transfers")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "List the transfers into or out of the agency's area",
            description = "An agency: the transfers into its area (direction=in) or out of it (out), a province "
                    + "covering its areas; newest first, optionally one status (?status=REQUESTED); ?page=&size=.")
    public Flux<TransferView> list(@RequestParam(defaultValue = "in") @Pattern(regexp = "^(in|out)$") String direction,
            @RequestParam(required = false) TransferStatus status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(c -> service.list(direction.equals("in"), status, page, size, c))
                .map(t -> TransferView.of(t, null));
    }

    @GetMapping("/api/v1/persons/{personId}/transfers")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "List a person's transfers",
            description = "The person themselves (to confirm or refuse a request the target area filed), or an "
                    + "agency that may see them (as for reading the person); newest first, optionally one status "
                    + "(?status=REQUESTED); ?page=&size=.")
    @Refuses(status = 404, codes = "NOT_FOUND")
    public Flux<TransferView> ofPerson(@PathVariable @OpaqueId String personId,
            @RequestParam(required = false) TransferStatus status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(c -> service.ofPerson(personId, status, page, size, c))
                .map(t -> TransferView.of(t, null));
    }

    private Mono<TransferView> decide(String transferId, TransferAction action) {
        return Caller.current().flatMap(c -> service.decide(transferId, action, c)).map(TransferView::of);
    }
}
