package cn.mutualaid.wallet.code.api;

import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.code.OfflineCodes;
import cn.mutualaid.wallet.code.domain.DeviceView;
import cn.mutualaid.wallet.code.domain.EnrolledDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An insured person's devices that make payment codes offline. */
@RestController
@Tag(name = "Payment codes")
public class PaymentDeviceController {
    private final OfflineCodes codes;

    public PaymentDeviceController(OfflineCodes codes) {
        this.codes = codes;
    }

    @PostMapping("/api/v1/payment-codes/devices")
    @PreAuthorize("hasRole('INSURED')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Enrol a device that makes payment codes offline",
            description = "An insured person enrols one of their devices, once and online. The answer carries the"
                    + " device's secret, this once (the wallet does not store it and cannot show it again). The app"
                    + " then makes each payment code itself, without a request: deviceId (12 digits) followed by the"
                    + " RFC 6238 time-based code of the secret (HMAC-SHA-256, stepSeconds, digits; the time step since"
                    + " the Unix epoch as an 8-byte big-endian counter). A code is valid in its step and the next one,"
                    + " and pays once.")
    public Mono<EnrolledDevice> enrol() {
        return Caller.current().flatMap(codes::enrol);
    }

    @GetMapping("/api/v1/payment-codes/devices")
    @PreAuthorize("hasRole('INSURED')")
    @Operation(summary = "List my enrolled devices",
            description = "The caller's own devices, newest first, revoked ones included (never their secrets).")
    public Flux<DeviceView> mine() {
        return Caller.current().flatMapMany(caller -> codes.devices(caller.subject()));
    }

    @PostMapping("/api/v1/payment-codes/devices/{deviceId}/revoke")
    @PreAuthorize("hasRole('INSURED')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of my devices",
            description = "A lost or replaced device stops paying at once: a payment with one of its codes is refused"
                    + " with PAYMENT_DEVICE_REVOKED. A repeat changes nothing. Another person's device is 404.")
    @Refuses(status = 404, codes = "NOT_FOUND")
    public Mono<Void> revoke(@PathVariable String deviceId) {
        return Caller.current().flatMap(caller -> codes.revoke(caller, deviceId));
    }
}
