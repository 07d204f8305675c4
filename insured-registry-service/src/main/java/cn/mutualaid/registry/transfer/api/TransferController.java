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
import io.swagger.v3.oas.annotations.Operation;
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
    public record TransferRequest(@NotNull @AreaCode String toPoolingArea,
            Scheme scheme) {
    }

    @PostMapping("/api/v1/persons/{personId}/enrollment/transfer")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "File a transfer: by the current area COMPLETED at once (InsuranceTransferred: relationships "
            + "end, then the account moves); by the target area REQUESTED (TransferRequested); 404 for other agencies; "
            + "422 NOT_ENROLLED, SAME_POOLING_AREA, UNKNOWN_POOLING_AREA; 409 TRANSFER_ALREADY_REQUESTED")
    public Mono<TransferView> file(@PathVariable @OpaqueId String personId,
            @Valid @RequestBody TransferRequest body) {
        return Caller.current().flatMap(c -> service.file(personId, body.toPoolingArea(), body.scheme(), c))
                .map(TransferView::of);
    }

    @PostMapping("/api/v1/transfers/{transferId}/confirm")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "Confirm an open request (the current area's agency, or the person): the enrollment moves; "
            + "409 TRANSFER_NOT_OPEN, ENROLLMENT_CHANGED; 403 TRANSFER_NOT_YOURS; 404 for anyone without a part")
    public Mono<TransferView> confirm(@PathVariable @OpaqueId String transferId) {
        return decide(transferId, TransferAction.CONFIRM);
    }

    @PostMapping("/api/v1/transfers/{transferId}/refuse")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "Refuse an open request (the current area's agency, or the person); 409 TRANSFER_NOT_OPEN")
    public Mono<TransferView> refuse(@PathVariable @OpaqueId String transferId) {
        return decide(transferId, TransferAction.REFUSE);
    }

    @PostMapping("/api/v1/transfers/{transferId}/withdraw")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Withdraw an open request (the target area that filed it); 409 TRANSFER_NOT_OPEN")
    public Mono<TransferView> withdraw(@PathVariable @OpaqueId String transferId) {
        return decide(transferId, TransferAction.WITHDRAW);
    }

    @GetMapping("/api/v1/transfers")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "The caller's area's transfers, into it (direction=in) or out of it (out), newest first; "
            + "optionally only one status (?status=REQUESTED); ?page=&size=")
    public Flux<TransferView> list(@RequestParam(defaultValue = "in") @Pattern(regexp = "^(in|out)$") String direction,
            @RequestParam(required = false) TransferStatus status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(c -> service.list(direction.equals("in"), status, page, size, c))
                .map(t -> TransferView.of(t, null));
    }

    private Mono<TransferView> decide(String transferId, TransferAction action) {
        return Caller.current().flatMap(c -> service.decide(transferId, action, c)).map(TransferView::of);
    }
}
