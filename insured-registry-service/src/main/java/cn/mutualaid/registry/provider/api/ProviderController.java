package cn.mutualaid.registry.provider.api;

import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.AreaCode;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.HumanTexts;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.registry.provider.ProviderService;
import cn.mutualaid.registry.provider.domain.Provider;
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
    public record ProviderRequest(
            @Schema(description = "The provider's registered name", example = "苏州市立医院")
            @NotNull @HumanText(max = 100) String name,
            @Schema(description = "Medical institution or retail pharmacy", example = "MEDICAL_INSTITUTION")
            @NotNull ProviderType type,
            @Schema(description = "GB/T 2260 code of the pooling area it is designated in", example = "320500")
            @NotNull @AreaCode String poolingArea) {
        public ProviderRequest {
            name = HumanTexts.nfc(name);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Register a designated provider",
            description = "An agency administering the pooling area registers a medical institution or pharmacy "
                    + "there (publishes ProviderRegistered).")
    @Refuses(status = 422, codes = "UNKNOWN_POOLING_AREA")
    public Mono<Provider> register(@Valid @RequestBody ProviderRequest body) {
        return Caller.current().flatMap(c -> service.register(body.name(), body.type(), body.poolingArea(), c));
    }

    @GetMapping("/{providerId}")
    @PreAuthorize("hasAnyRole('AGENCY', 'PROVIDER')")
    @Operation(summary = "Read a designated provider",
            description = "Any agency, or the provider itself; anyone else gets 404.")
    @RefusesNotFound
    public Mono<Provider> get(@PathVariable @OpaqueId String providerId) {
        return Caller.current().flatMap(c -> service.get(providerId, c));
    }
}
