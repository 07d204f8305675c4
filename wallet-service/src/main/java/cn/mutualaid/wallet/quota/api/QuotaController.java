package cn.mutualaid.wallet.quota.api;

import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.quota.Quotas;
import cn.mutualaid.wallet.quota.domain.QuotaView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Quotas", description = "Money a benefactor sets aside, frozen in their account, for a family member to spend")
public class QuotaController {
    private final Quotas quotas;

    public QuotaController(Quotas quotas) {
        this.quotas = quotas;
    }

    @PutMapping("/api/v1/relations/{relationId}/quota")
    @PreAuthorize("hasRole('INSURED')")
    @Operation(summary = "Set the quota granted to a family member",
            description = "The benefactor of an active relationship sets the new total granted: a rise freezes the"
                    + " difference from their available balance, a cut unfreezes it (never below what is used or held)."
                    + " The benefactor's wallet must be activated first (409 WALLET_NOT_ACTIVE)."
                    + " The beneficiary is refused; anyone else gets 404.")
    @RefusesNotFound
    @Refuses(status = 409, codes = {"RELATION_NOT_ACTIVE", "WALLET_NOT_ACTIVE"})
    @Refuses(status = 422, codes = {"INSUFFICIENT_BALANCE", "QUOTA_BELOW_USED"})
    public Mono<QuotaView> set(@PathVariable @OpaqueId String relationId, @Valid @RequestBody QuotaRequest request) {
        return Caller.current().flatMap(caller -> quotas.set(caller, relationId, request.amountFen()));
    }

    @GetMapping("/api/v1/quotas")
    @PreAuthorize("hasRole('INSURED')")
    @Operation(summary = "List my quotas, given and received",
            description = "An insured person lists the quotas they gave (role GIVEN) and received (role RECEIVED),"
                    + " newest first, paged.")
    public Flux<QuotaView> mine(@RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(caller -> quotas.ofPerson(caller.subject(), new Page(page, size)));
    }
}
