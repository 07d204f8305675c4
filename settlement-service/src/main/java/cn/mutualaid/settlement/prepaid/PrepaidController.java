package cn.mutualaid.settlement.prepaid;

import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.settlement.Access;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
    private final PrepaidFunds funds;

    public PrepaidController(PrepaidFunds funds) {
        this.funds = funds;
    }

    public record FundView(String province, long balanceFen, long requiredFen, String status) {
        static FundView of(PrepaidFunds.Fund fund) {
            return new FundView(fund.province(), fund.balanceFen(), fund.requiredFen(), fund.status());
        }
    }

    /** {@code reference} is unique per province: a repeat with the same amount changes nothing (200). */
    public record TopUp(@NotNull @Fen Long amountFen, @NotNull @HumanText(max = 100) String reference) {
    }

    public record TopUpView(String province, long balanceFen, long requiredFen, String status,
            PrepaidFunds.Entry entry) {
    }

    @GetMapping
    public Flux<FundView> list(@RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return funds.list(page, size).map(FundView::of);
    }

    @PostMapping("/{province}/top-ups")
    public Mono<ResponseEntity<TopUpView>> topUp(@PathVariable String province, @Valid @RequestBody TopUp body) {
        String code = Access.province(province);
        return funds.topUp(code, body.amountFen(), body.reference().trim())
                .map(result -> ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new TopUpView(code, result.fund().balanceFen(), result.fund().requiredFen(),
                                result.fund().status(), result.entry())));
    }

    /** The fund's movements, newest first. */
    @GetMapping("/{province}/journal")
    public Flux<PrepaidFunds.Entry> journal(@PathVariable String province,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return funds.journal(Access.province(province), page, size);
    }
}
