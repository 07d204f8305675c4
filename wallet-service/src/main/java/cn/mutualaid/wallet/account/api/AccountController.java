package cn.mutualaid.wallet.account.api;

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
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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
    public Mono<ResponseEntity<CreditView>> credit(@PathVariable @OpaqueId String personId,
            @Valid @RequestBody CreditRequest request) {
        return Caller.current().flatMap(caller -> credits.request(caller, personId, request.toOrder()))
                .map(credit -> ResponseEntity.status(credit.pending() ? HttpStatus.ACCEPTED : HttpStatus.CREATED)
                        .body(credit));
    }

    /** The credits of the agency's area in a status (default: those waiting for a second operator), newest first. */
    @GetMapping("/api/v1/credits")
    @PreAuthorize("hasRole('AGENCY')")
    public Flux<CreditView> credits(
            @RequestParam(defaultValue = CreditView.PENDING) @Pattern(regexp = "PENDING_APPROVAL|COMPLETED") String status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @Min(0) int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        return Caller.current().flatMapMany(caller -> credits.list(caller, status, new Page(page, size)));
    }

    /** Another operator of the account's area completes a pending credit (the requester: 403; other areas: 404). */
    @PostMapping("/api/v1/credits/{creditId}/approve")
    @PreAuthorize("hasRole('AGENCY')")
    public Mono<CreditView> approve(@PathVariable @OpaqueId String creditId) {
        return Caller.current().flatMap(caller -> credits.approve(caller, creditId));
    }

    @GetMapping("/api/v1/accounts/{personId}")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Mono<AccountView> get(@PathVariable @OpaqueId String personId) {
        return Caller.current().flatMap(caller -> accounts.visibleTo(caller, personId));
    }

    @GetMapping("/api/v1/accounts/{personId}/journal")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    public Flux<JournalLine> journal(@PathVariable @OpaqueId String personId,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(caller -> accounts.journal(caller, personId, new Page(page, size)));
    }
}
