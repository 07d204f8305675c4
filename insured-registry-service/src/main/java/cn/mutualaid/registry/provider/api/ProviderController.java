package cn.mutualaid.registry.provider.api;

import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.AreaCode;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.HumanTexts;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.registry.provider.ProviderService;
import cn.mutualaid.registry.provider.domain.Provider;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/providers")
@Tag(name = "Designated providers", description = "Medical institutions and retail pharmacies allowed to bill insurance")
public class ProviderController {
    private final ProviderService service;

    public ProviderController(ProviderService service) {
        this.service = service;
    }

    /** The name is stored in NFC, so that one name has one spelling. */
    public record ProviderRequest(@NotNull @HumanText(max = 100) String name, @NotNull ProviderType type,
            @NotNull @AreaCode String poolingArea) {
        public ProviderRequest {
            name = HumanTexts.nfc(name);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Register a designated provider in a pooling area the agency administers "
            + "(publishes ProviderRegistered); 422 UNKNOWN_POOLING_AREA")
    public Mono<Provider> register(@Valid @RequestBody ProviderRequest body) {
        return Caller.current().flatMap(c -> service.register(body.name(), body.type(), body.poolingArea(), c));
    }

    @GetMapping("/{providerId}")
    @PreAuthorize("hasAnyRole('AGENCY', 'PROVIDER')")
    @Operation(summary = "A designated provider: any agency, or the provider itself")
    public Mono<Provider> get(@PathVariable @OpaqueId String providerId) {
        return Caller.current().flatMap(c -> service.get(providerId, c));
    }
}
