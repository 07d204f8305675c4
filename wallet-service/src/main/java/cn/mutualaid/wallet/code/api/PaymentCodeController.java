package cn.mutualaid.wallet.code.api;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.code.domain.IssuedCode;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class PaymentCodeController {
    private final PaymentCodes codes;

    public PaymentCodeController(PaymentCodes codes) {
        this.codes = codes;
    }

    /** A fresh code for the caller themself: shown as a QR code to the provider, used once. */
    @PostMapping("/api/v1/payment-codes")
    @PreAuthorize("hasRole('INSURED')")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<IssuedCode> issue() {
        return Caller.current().flatMap(caller -> codes.issue(caller.subject()));
    }
}
