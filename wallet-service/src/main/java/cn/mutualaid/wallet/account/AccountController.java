package cn.mutualaid.wallet.account;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import jakarta.validation.Valid;
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
public class AccountController {
    private final Accounts accounts;

    public AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/v1/accounts/{personId}/credits")
    @PreAuthorize("hasRole('AGENCY')")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<CreditView> credit(@PathVariable @OpaqueId String personId, @Valid @RequestBody CreditRequest request) {
        return Caller.current().flatMap(caller -> accounts.credit(caller, personId, request));
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
