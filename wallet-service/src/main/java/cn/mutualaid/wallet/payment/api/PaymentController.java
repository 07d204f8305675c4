package cn.mutualaid.wallet.payment.api;

import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesIdempotencyKey;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.payment.PaymentAuthorizations;
import cn.mutualaid.wallet.payment.PaymentCaptures;
import cn.mutualaid.wallet.payment.PaymentExplainer;
import cn.mutualaid.wallet.payment.PaymentQueries;
import cn.mutualaid.wallet.payment.PaymentRefunds;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payments by designated providers. POST /payments and POST /payments/{id}/refunds require an Idempotency-Key;
 * capture and void accept one (their effect is already guarded by the payment's state: without a key a repeat gets
 * 409 PAYMENT_NOT_AUTHORIZED, with the same key it gets the first response again). A stored answer given again carries
 * {@code Idempotent-Replayed: true} and the status the first one had (each route answers one success status).
 */
@RestController
@Tag(name = "Payments", description = "A designated provider's payments from the quotas a patient received:"
        + " authorize or pay at once, capture, void, refund, read")
public class PaymentController {
    private final PaymentAuthorizations authorizations;
    private final PaymentCaptures captures;
    private final PaymentRefunds refunds;
    private final PaymentQueries queries;
    private final PaymentExplainer explainer;

    public PaymentController(PaymentAuthorizations authorizations, PaymentCaptures captures, PaymentRefunds refunds,
            PaymentQueries queries, PaymentExplainer explainer) {
        this.explainer = explainer;
        this.authorizations = authorizations;
        this.captures = captures;
        this.refunds = refunds;
        this.queries = queries;
    }

    @PostMapping("/api/v1/payments")
    @PreAuthorize("hasRole('PROVIDER')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Pay with the patient's QR code",
            description = "A designated provider takes a payment from the quotas the patient received (oldest grant"
                    + " first), using the patient's payment code once (an online code, or one the patient's enrolled"
                    + " device made offline): held (AUTHORIZED) or, with capture=true, paid at once (CAPTURED). A"
                    + " RESIDENT_CONTRIBUTION or LTC_CONTRIBUTION names its contributionYear and pays exactly that"
                    + " year's standard, once per person and year unless voided or refunded in full."
                    + " Requires an Idempotency-Key; a refused payment changes nothing.")
    @RefusesIdempotencyKey
    @Refuses(status = 409, codes = "CONTRIBUTION_ALREADY_PAID")
    @Refuses(status = 422, codes = {"PROVIDER_NOT_DESIGNATED", "CATEGORY_NOT_ALLOWED",
            "CONTRIBUTION_YEAR_REQUIRED", "CONTRIBUTION_YEAR_NOT_APPLICABLE", "PAYMENT_CODE_INVALID",
            "PATIENT_NOT_CODE_OWNER", "PAYMENT_DEVICE_REVOKED", "PAYMENT_CODE_USED", "PAYMENT_CODE_EXPIRED",
            "CONTRIBUTION_YEAR_UNKNOWN", "CONTRIBUTION_AMOUNT_MISMATCH", "QUOTA_INSUFFICIENT"})
    public Mono<PaymentView> pay(@RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key,
            @Valid @RequestBody PaymentRequest request, ServerHttpResponse response) {
        String checkedKey = Idempotency.require(key);
        return Caller.current().flatMap(caller -> authorizations.create(caller.subject(), checkedKey, request.toOrder()))
                .map(answer -> answer.markOn(response));
    }

    @PostMapping("/api/v1/payments/explain")
    @PreAuthorize("hasRole('PROVIDER')")
    @Operation(summary = "Explain a payment without making it",
            description = "The same body as POST /payments; answers whether that payment would succeed now, which"
                    + " quotas would pay how much (oldest grant first), or which rule refuses it with the problem code"
                    + " POST /payments would answer, and every rule checked with the facts it used. Changes nothing:"
                    + " the code is checked but not used, nothing is held, no Idempotency-Key is needed.")
    public Mono<PaymentExplanationView> explain(@Valid @RequestBody PaymentRequest request) {
        return Caller.current().flatMap(caller -> explainer.explain(caller.subject(), request.toOrder()))
                .map(PaymentExplanationView::of);
    }

    @PostMapping("/api/v1/payments/{paymentId}/capture")
    @PreAuthorize("hasRole('PROVIDER')")
    @Operation(summary = "Capture an authorized payment",
            description = "The provider that authorized the payment captures it before its hold expires: the money"
                    + " leaves the benefactors' accounts. An Idempotency-Key is optional; with it a retry gets the first"
                    + " answer again. Another provider's payment is 404.")
    @RefusesIdempotencyKey
    @RefusesNotFound
    @Refuses(status = 409, codes = "PAYMENT_NOT_AUTHORIZED")
    public Mono<PaymentView> capture(@PathVariable @OpaqueId String paymentId,
            @RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key, ServerHttpResponse response) {
        String checkedKey = Idempotency.optional(key);
        return Caller.current().flatMap(caller -> captures.capture(caller.subject(), paymentId, checkedKey))
                .map(answer -> answer.markOn(response));
    }

    @PostMapping("/api/v1/payments/{paymentId}/void")
    @PreAuthorize("hasRole('PROVIDER')")
    @Operation(summary = "Void an authorized payment",
            description = "The provider that authorized the payment cancels it: the held money goes back to the"
                    + " quotas. An Idempotency-Key is optional; with it a retry gets the first answer again. Another"
                    + " provider's payment is 404.")
    @RefusesIdempotencyKey
    @RefusesNotFound
    @Refuses(status = 409, codes = "PAYMENT_NOT_AUTHORIZED")
    public Mono<PaymentView> voidPayment(@PathVariable @OpaqueId String paymentId,
            @RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key, ServerHttpResponse response) {
        String checkedKey = Idempotency.optional(key);
        return Caller.current().flatMap(caller -> captures.voidByProvider(caller.subject(), paymentId, checkedKey))
                .map(answer -> answer.markOn(response));
    }

    @PostMapping("/api/v1/payments/{paymentId}/refunds")
    @PreAuthorize("hasRole('PROVIDER')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Refund part or all of a captured payment",
            description = "The provider of a captured payment refunds an amount, at most what was captured less what"
                    + " was refunded: the money goes back to the quotas (or to the benefactor if the relationship has"
                    + " ended). Requires an Idempotency-Key. Another provider's payment is 404.")
    @RefusesIdempotencyKey
    @RefusesNotFound
    @Refuses(status = 409, codes = "PAYMENT_NOT_CAPTURED")
    @Refuses(status = 422, codes = "REFUND_EXCEEDS_CAPTURED")
    public Mono<PaymentView> refund(@PathVariable @OpaqueId String paymentId,
            @RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key,
            @Valid @RequestBody RefundRequest request, ServerHttpResponse response) {
        String checkedKey = Idempotency.require(key);
        return Caller.current().flatMap(caller -> refunds.refund(caller.subject(), paymentId, checkedKey, request.amountFen()))
                .map(answer -> answer.markOn(response));
    }

    /** "My payments", newest first: see {@link PaymentQueries#list}. Each item as GET /payments/{id} shows it. */
    @GetMapping("/api/v1/payments")
    @PreAuthorize("hasAnyRole('PROVIDER', 'INSURED', 'AGENCY')")
    @Operation(summary = "List my payments",
            description = "Newest first, paged: a provider's own payments, an insured person's as the patient, an"
                    + " agency's of the patients insured in its area (a province agency: its province).")
    public Flux<PaymentView> list(@RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return Caller.current().flatMap(caller -> queries.list(caller, new Page(page, size)))
                .flatMapMany(Flux::fromIterable);
    }

    @GetMapping("/api/v1/payments/{paymentId}")
    @PreAuthorize("hasAnyRole('PROVIDER', 'INSURED', 'AGENCY')")
    @Operation(summary = "Read a payment",
            description = "The payment with its lines (one per benefactor) and refunds, for its provider, its patient,"
                    + " or an agency administering its spend or fund area; anyone else gets 404.")
    @RefusesNotFound
    public Mono<PaymentView> get(@PathVariable @OpaqueId String paymentId) {
        return Caller.current().flatMap(caller -> queries.visibleTo(caller, paymentId));
    }
}
