package cn.mutualaid.wallet.quota.api;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.quota.Quotas;
import cn.mutualaid.wallet.quota.domain.QuotaView;
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
public class QuotaController {
    private final Quotas quotas;

    public QuotaController(Quotas quotas) {
        this.quotas = quotas;
    }

    @PutMapping("/api/v1/relations/{relationId}/quota")
    @PreAuthorize("hasRole('INSURED')")
    public Mono<QuotaView> set(@PathVariable @OpaqueId String relationId, @Valid @RequestBody QuotaRequest request) {
        return Caller.current().flatMap(caller -> quotas.set(caller, relationId, request.amountFen()));
    }

    @GetMapping("/api/v1/quotas")
    @PreAuthorize("hasRole('INSURED')")
    public Flux<QuotaView> mine(@RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMapMany(caller -> quotas.ofPerson(caller.subject(), new Page(page, size)));
    }
}
