package cn.mutualaid.wallet.code.api;

import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.code.domain.IssuedCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Payment codes", description = "The patient's short-lived, single-use code shown to a provider as a QR code")
public class PaymentCodeController {
    private final PaymentCodes codes;

    public PaymentCodeController(PaymentCodes codes) {
        this.codes = codes;
    }

    /** A fresh code for the caller themself: shown as a QR code to the provider, used once. */
    @PostMapping("/api/v1/payment-codes")
    @PreAuthorize("hasRole('INSURED')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Get a payment code to show as a QR code",
            description = "An insured person gets a fresh code for themself: the provider scans it to pay from the"
                    + " quotas the person received. It expires after a short time and pays once. The wallet must be"
                    + " activated first (409 WALLET_NOT_ACTIVE, no code).")
    @Refuses(status = 409, codes = "WALLET_NOT_ACTIVE")
    public Mono<IssuedCode> issue() {
        return Caller.current().flatMap(caller -> codes.issue(caller.subject()));
    }
}
