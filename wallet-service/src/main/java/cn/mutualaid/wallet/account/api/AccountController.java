package cn.mutualaid.wallet.account.api;

import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesIdempotencyKey;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.account.Accounts;
import cn.mutualaid.wallet.account.Credits;
import cn.mutualaid.wallet.account.domain.AccountView;
import cn.mutualaid.wallet.account.domain.CreditView;
import cn.mutualaid.wallet.account.domain.JournalLine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Personal accounts", description = "Balances, journals and agency credits of employee medical-insurance"
        + " personal accounts")
public class AccountController {
    private final Accounts accounts;
    private final Credits credits;

    public AccountController(Accounts accounts, Credits credits) {
        this.accounts = accounts;
        this.credits = credits;
    }

    /** 201 with the completed credit; 202 while it waits for a second operator (above the four-eyes threshold). */
    @PostMapping("/api/v1/accounts/{personId}/credits")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Credit money into a personal account",
            description = "An agency administering the account's area credits the monthly allocation or a correction:"
                    + " 201 with the money moved, or 202 PENDING_APPROVAL above the four-eyes threshold until another"
                    + " operator approves. Requires an Idempotency-Key: a retry with it gets the first answer again"
                    + " (Idempotent-Replayed: true). The reference is the allocation batch, unique per account: another"
                    + " request with the same reference and amount answers the same credit, with another amount 409.")
    @ApiResponse(responseCode = "201", description = "credited",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreditView.class)))
    @ApiResponse(responseCode = "202", description = "waiting for a second operator's approval; no money moved",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreditView.class)))
    @RefusesIdempotencyKey
    @RefusesNotFound
    @Refuses(status = 409, codes = "REFERENCE_REUSED")
    @Refuses(status = 422, codes = "BALANCE_LIMIT")
    public Mono<ResponseEntity<CreditView>> credit(@PathVariable @OpaqueId String personId,
            @RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key,
            @Valid @RequestBody CreditRequest request, ServerHttpResponse response) {
        String checkedKey = Idempotency.require(key);
        return Caller.current().flatMap(caller -> credits.request(caller, personId, checkedKey, request.toOrder()))
                .map(answer -> answer.markOn(response))
                .map(credit -> ResponseEntity.status(credit.pending() ? HttpStatus.ACCEPTED : HttpStatus.CREATED)
                        .body(credit));
    }

    /** The credits of the agency's area in a status (default: those waiting for a second operator), newest first. */
    @GetMapping("/api/v1/credits")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "List the credits of the agency's area",
            description = "An agency lists the credits of the accounts it administers in one status (by default those"
                    + " waiting for a second operator), newest first, paged.")
    public Flux<CreditView> credits(
            @RequestParam(defaultValue = CreditView.PENDING) @Pattern(regexp = "PENDING_APPROVAL|COMPLETED") String status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @Min(0) int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        return Caller.current().flatMapMany(caller -> credits.list(caller, status, new Page(page, size)));
    }

    /** Another operator of the account's area completes a pending credit (the requester: 403; other areas: 404). */
    @PostMapping("/api/v1/credits/{creditId}/approve")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Approve a credit waiting for a second operator",
            description = "Another operator of the account's area completes a pending credit and the money moves now;"
                    + " the requester is refused, an agency of another area gets 404. Approving a completed credit"
                    + " changes nothing. Requires an Idempotency-Key: a retry with it gets the first answer again"
                    + " (Idempotent-Replayed: true).")
    @RefusesIdempotencyKey
    @Refuses(status = 403, codes = "FOUR_EYES_SAME_OPERATOR")
    @RefusesNotFound
    @Refuses(status = 422, codes = "BALANCE_LIMIT")
    public Mono<CreditView> approve(@PathVariable @OpaqueId String creditId,
            @RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key, ServerHttpResponse response) {
        String checkedKey = Idempotency.require(key);
        return Caller.current().flatMap(caller -> credits.approve(caller, creditId, checkedKey))
                .map(answer -> answer.markOn(response));
    }

    @GetMapping("/api/v1/accounts/{personId}")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    @Operation(summary = "Read a personal account's balance",
            description = "The account's owner, or an agency administering its area, reads its balance, frozen and"
                    + " available amounts in fen; anyone else gets 404.")
    @RefusesNotFound
    public Mono<AccountView> get(@PathVariable @OpaqueId String personId) {
        return Caller.current().flatMap(caller -> accounts.visibleTo(caller, personId));
    }

    @GetMapping("/api/v1/accounts/{personId}/journal")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    @Operation(summary = "Read a personal account's journal",
            description = "The account's owner, or an agency administering its area, reads every movement of the"
                    + " account, newest first, paged; anyone else gets 404.")
    @RefusesNotFound
    public Flux<JournalLine> journal(@PathVariable @OpaqueId String personId,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(caller -> accounts.journal(caller, personId, new Page(page, size)));
    }
}
