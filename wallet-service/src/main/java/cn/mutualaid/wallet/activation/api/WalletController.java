package cn.mutualaid.wallet.activation.api;

import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.wallet.activation.Activations;
import cn.mutualaid.wallet.activation.domain.Activated;
import cn.mutualaid.wallet.activation.domain.WalletState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Wallets", description = "The medical-insurance wallet (医保钱包): activated by its owner before quotas or"
        + " payment codes exist")
public class WalletController {
    private final Activations activations;

    public WalletController(Activations activations) {
        this.activations = activations;
    }

    @PostMapping("/api/v1/wallets/{personId}/activate")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    @Operation(summary = "Activate a wallet",
            description = "The owner, or an agency administering the person's area at a counter, activates the"
                    + " person's wallet: only an active wallet sets quotas for relatives and gets payment codes."
                    + " A repeat changes nothing and answers the same activatedAt; anyone else gets 404.")
    @Refuses(status = 404, codes = "NOT_FOUND")
    public Mono<Activated> activate(@PathVariable @OpaqueId String personId) {
        return Caller.current().flatMap(caller -> activations.activate(caller, personId));
    }

    @GetMapping("/api/v1/wallets/{personId}")
    @PreAuthorize("hasAnyRole('INSURED', 'AGENCY')")
    @Operation(summary = "Read whether a wallet is activated",
            description = "The owner, or an agency administering the person's area, reads whether the wallet is"
                    + " active and since when (activatedAt is null until it is); anyone else gets 404.")
    @Refuses(status = 404, codes = "NOT_FOUND")
    public Mono<WalletState> get(@PathVariable @OpaqueId String personId) {
        return Caller.current().flatMap(caller -> activations.state(caller, personId));
    }
}
