package cn.mutualaid.settlement.statement.api;

import cn.mutualaid.kernel.Province;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.settlement.authority.domain.ProvinceCodes;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.statement.StatementService;
import cn.mutualaid.settlement.statement.domain.Statement;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Province statements", description = "Each province's statement of a cleared month (what it"
        + " pays and receives, by counterpart province and by pooling area), confirmed by the province's agency")
@RequestMapping("/api/v1/settlement/periods/{period}/statements")
public class StatementController {
    private final StatementService statements;

    public StatementController(StatementService statements) {
        this.statements = statements;
    }

    /** Every province's statement header for the month (CLEARING, ADMIN). */
    @GetMapping
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN')")
    @Operation(summary = "List a month's province statements", description = "The clearing centre or an"
            + " administrator lists every province's statement header for the month, paged.")
    @Refuses(status = 400, codes = "INVALID_PERIOD")
    public Flux<Statement> list(@PathVariable String period,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return statements.list(Period.parse(period), page, size);
    }

    /** CLEARING, or that province's own agency (area = the province code). */
    @GetMapping("/{province}")
    @PreAuthorize("hasAnyRole('CLEARING', 'AGENCY')")
    @Operation(summary = "Read a province's statement for a month", description = "The clearing centre, or the"
            + " province's own agency (area xx0000), reads the statement with its counterpart provinces and its"
            + " pooling-area breakdown; another agency is refused.")
    @Refuses(status = 400, codes = {"INVALID_PERIOD", "INVALID_PROVINCE"})
    @RefusesNotFound
    public Mono<Statement> get(@PathVariable String period, @PathVariable String province) {
        Period p = Period.parse(period);
        Province code = ProvinceCodes.parse(province);
        return Caller.current().flatMap(caller -> statements.view(caller, p, code));
    }

    /** Only the province's own agency confirms; a second confirmation changes nothing. */
    @PostMapping("/{province}/confirm")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Confirm a province's statement", description = "Only the province's own agency (area"
            + " xx0000) confirms its statement; the last confirmation of a reconciled month settles it and moves the"
            + " prepaid funds. Confirming again changes nothing.")
    @Refuses(status = 400, codes = {"INVALID_PERIOD", "INVALID_PROVINCE"})
    @RefusesNotFound
    public Mono<Statement> confirm(@PathVariable String period, @PathVariable String province) {
        Period p = Period.parse(period);
        Province code = ProvinceCodes.parse(province);
        return Caller.current().flatMap(caller -> statements.confirm(caller, p, code));
    }
}
