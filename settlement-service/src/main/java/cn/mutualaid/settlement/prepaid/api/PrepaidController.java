package cn.mutualaid.settlement.prepaid.api;

import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesIdempotencyKey;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.settlement.authority.domain.ProvinceCodes;
import cn.mutualaid.settlement.prepaid.PrepaidFundService;
import cn.mutualaid.settlement.prepaid.TopUpService;
import cn.mutualaid.settlement.prepaid.domain.Fund;
import cn.mutualaid.settlement.prepaid.domain.FundEntry;
import cn.mutualaid.settlement.prepaid.domain.TopUp;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Prepaid funds", description = "Each province's prepaid fund (预付金) held by the clearing centre:"
        + " balances against the required level, top-ups (above a threshold approved by a second operator) and the"
        + " journal of every movement")
@RequestMapping("/api/v1/settlement/prepaid-funds")
@PreAuthorize("hasRole('CLEARING')")
public class PrepaidController {
    private final PrepaidFundService funds;
    private final TopUpService topUps;

    public PrepaidController(PrepaidFundService funds, TopUpService topUps) {
        this.funds = funds;
        this.topUps = topUps;
    }

    public record FundView(String province, long balanceFen, long requiredFen, String status) {
        static FundView of(Fund fund) {
            return new FundView(fund.province(), fund.balanceFen(), fund.requiredFen(), fund.status());
        }
    }

    /**
     * {@code reference} is unique per province: another request with the same reference and amount changes nothing
     * (200). Retries are made safe by the Idempotency-Key header, not by the reference.
     */
    public record TopUpRequest(
            @Schema(description = "the amount in fen (1 yuan = 100 fen), 1 to 100,000,000,000", example = "50000000")
            @NotNull @Fen Long amountFen,
            @Schema(description = "the transfer's reference, unique per province: a repeat with the same amount"
                    + " changes nothing", example = "ZJ-2024-05-001", maxLength = 100)
            @NotNull @HumanText(max = 100) String reference) {
    }

    /**
     * {@code status} is the fund's (OK, LOW, OVERDRAWN); {@code topUpStatus} the top-up's (PENDING_APPROVAL until a
     * second operator approves it, then COMPLETED with its journal {@code entry}).
     */
    public record TopUpView(String province, long balanceFen, long requiredFen, String status, String topUpId,
            String topUpStatus, long amountFen, String reference, String requestedBy, String approvedBy,
            FundEntry entry) {
        /** 202 while pending, 201 when this request moved the fund, 200 for a repeat. */
        static ResponseEntity<TopUpView> of(TopUpService.Result result) {
            HttpStatus status = TopUp.PENDING.equals(result.topUp().status()) ? HttpStatus.ACCEPTED
                    : result.created() ? HttpStatus.CREATED : HttpStatus.OK;
            return ResponseEntity.status(status).body(view(result));
        }

        static TopUpView view(TopUpService.Result result) {
            TopUp topUp = result.topUp();
            return new TopUpView(topUp.province(), result.fund().balanceFen(), result.fund().requiredFen(),
                    result.fund().status(), topUp.topUpId(), topUp.status(), topUp.amountFen(), topUp.reference(),
                    topUp.requestedBy(), topUp.approvedBy(), topUp.entry());
        }
    }

    @GetMapping
    @Operation(summary = "List the provinces' prepaid funds", description = "The clearing centre reads each"
            + " province's balance, required level and status (OK, LOW, OVERDRAWN), paged.")
    public Flux<FundView> list(@RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return funds.list(page, size).map(FundView::of);
    }

    /** 201 (200 on a repeat); 202 while a top-up above the four-eyes threshold waits for a second operator. */
    @PostMapping("/{province}/top-ups")
    @Operation(summary = "Top up a province's prepaid fund", description = "The clearing centre records money"
            + " received from a province, once per reference. Above the four-eyes threshold the top-up waits"
            + " (202, nothing moved) until another clearing operator approves it. Requires an Idempotency-Key: a retry"
            + " with it gets the first answer and status again (Idempotent-Replayed: true); the reference identifies"
            + " the transfer received, so another request with the same reference and amount changes nothing (200).")
    @ApiResponse(responseCode = "201", description = "the fund moved", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = TopUpView.class)))
    @ApiResponse(responseCode = "200", description = "another request for a recorded reference; nothing changed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TopUpView.class)))
    @ApiResponse(responseCode = "202", description = "PENDING_APPROVAL: waits for a second operator",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TopUpView.class)))
    @Refuses(status = 400, codes = {"INVALID_PROVINCE", "IDEMPOTENCY_KEY_REQUIRED"})
    @Refuses(status = 409, codes = {"REFERENCE_REUSED", "IDEMPOTENCY_KEY_IN_FLIGHT"})
    @Refuses(status = 413, codes = "PAYLOAD_TOO_LARGE")
    @Refuses(status = 415, codes = "UNSUPPORTED_MEDIA_TYPE")
    @Refuses(status = 422, codes = {"FUND_LIMIT", "IDEMPOTENCY_KEY_REUSED"})
    public Mono<ResponseEntity<TopUpView>> topUp(@PathVariable String province,
            @RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key,
            @Valid @RequestBody TopUpRequest body, ServerHttpResponse response) {
        String code = ProvinceCodes.parse(province).code();
        String checkedKey = Idempotency.require(key);
        return Caller.current()
                .flatMap(caller -> topUps.request(caller, code, checkedKey, body.amountFen(), body.reference().trim()))
                .map(answer -> TopUpView.of(answer.markOn(response)));
    }

    /** Top-ups in a status (default: those waiting for a second operator), newest first (added). */
    @GetMapping("/top-ups")
    @Operation(summary = "List top-ups by status", description = "The clearing centre lists the top-ups waiting"
            + " for a second operator (PENDING_APPROVAL, the default) or the COMPLETED ones, newest first, paged.")
    public Flux<TopUp> topUps(
            @RequestParam(defaultValue = TopUp.PENDING) @Pattern(regexp = "PENDING_APPROVAL|COMPLETED") String status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return topUps.list(status, page, size);
    }

    /** Another CLEARING operator completes a pending top-up (the requester: 403 FOUR_EYES_SAME_OPERATOR). */
    @PostMapping("/top-ups/{topUpId}/approve")
    @Operation(summary = "Approve a pending top-up", description = "A clearing operator other than the one who"
            + " requested it completes a top-up above the four-eyes threshold: the fund moves now. Approving a"
            + " completed top-up changes nothing. Requires an Idempotency-Key: a retry with it gets the first answer"
            + " again (Idempotent-Replayed: true).")
    @RefusesIdempotencyKey
    @Refuses(status = 403, codes = "FOUR_EYES_SAME_OPERATOR")
    @RefusesNotFound
    @Refuses(status = 422, codes = "FUND_LIMIT")
    public Mono<TopUpView> approve(@PathVariable @OpaqueId String topUpId,
            @RequestHeader(name = Idempotency.KEY_HEADER, required = false) String key, ServerHttpResponse response) {
        String checkedKey = Idempotency.require(key);
        return Caller.current().flatMap(caller -> topUps.approve(caller, topUpId, checkedKey))
                .map(answer -> TopUpView.view(answer.markOn(response)));
    }

    /** The fund's movements, newest first. */
    @GetMapping("/{province}/journal")
    @Operation(summary = "Read a prepaid fund's journal", description = "The clearing centre reads every movement"
            + " of the province's fund (top-ups, settlement draws and credits), newest first, paged.")
    @Refuses(status = 400, codes = "INVALID_PROVINCE")
    public Flux<FundEntry> journal(@PathVariable String province,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return funds.journal(ProvinceCodes.parse(province).code(), page, size);
    }
}
