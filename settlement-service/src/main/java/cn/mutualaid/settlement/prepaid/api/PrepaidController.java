package cn.mutualaid.settlement.prepaid.api;

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
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
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

    /** {@code reference} is unique per province: a repeat with the same amount changes nothing (200). */
    public record TopUpRequest(@NotNull @Fen Long amountFen, @NotNull @HumanText(max = 100) String reference) {
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
    public Flux<FundView> list(@RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return funds.list(page, size).map(FundView::of);
    }

    /** 201 (200 on a repeat); 202 while a top-up above the four-eyes threshold waits for a second operator. */
    @PostMapping("/{province}/top-ups")
    public Mono<ResponseEntity<TopUpView>> topUp(@PathVariable String province, @Valid @RequestBody TopUpRequest body) {
        String code = ProvinceCodes.parse(province).code();
        return Caller.current()
                .flatMap(caller -> topUps.request(caller, code, body.amountFen(), body.reference().trim()))
                .map(TopUpView::of);
    }

    /** Top-ups in a status (default: those waiting for a second operator), newest first (added). */
    @GetMapping("/top-ups")
    public Flux<TopUp> topUps(
            @RequestParam(defaultValue = TopUp.PENDING) @Pattern(regexp = "PENDING_APPROVAL|COMPLETED") String status,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return topUps.list(status, page, size);
    }

    /** Another CLEARING operator completes a pending top-up (the requester: 403 FOUR_EYES_SAME_OPERATOR). */
    @PostMapping("/top-ups/{topUpId}/approve")
    public Mono<TopUpView> approve(@PathVariable @OpaqueId String topUpId) {
        return Caller.current().flatMap(caller -> topUps.approve(caller, topUpId)).map(TopUpView::view);
    }

    /** The fund's movements, newest first. */
    @GetMapping("/{province}/journal")
    public Flux<FundEntry> journal(@PathVariable String province,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return funds.journal(ProvinceCodes.parse(province).code(), page, size);
    }
}
