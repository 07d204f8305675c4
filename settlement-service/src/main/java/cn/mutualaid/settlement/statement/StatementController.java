package cn.mutualaid.settlement.statement;

import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.settlement.Access;
import cn.mutualaid.settlement.clearing.Period;
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
@RequestMapping("/api/v1/settlement/periods/{period}/statements")
public class StatementController {
    private final Statements statements;

    public StatementController(Statements statements) {
        this.statements = statements;
    }

    /** Every province's statement header for the month (CLEARING, ADMIN). */
    @GetMapping
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN')")
    public Flux<StatementView> list(@PathVariable String period,
            @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size) {
        return statements.list(Period.parse(period), page, size);
    }

    /** CLEARING, or that province's own agency (area = the province code). */
    @GetMapping("/{province}")
    @PreAuthorize("hasAnyRole('CLEARING', 'AGENCY')")
    public Mono<StatementView> get(@PathVariable String period, @PathVariable String province) {
        Period p = Period.parse(period);
        String code = Access.province(province);
        return Caller.current()
                .filter(caller -> caller.has(Role.CLEARING) || Access.isAgencyOf(caller, code))
                .switchIfEmpty(Mono.error(ApiException::forbidden))
                .flatMap(caller -> statements.view(p, code));
    }

    /** Only the province's own agency confirms; a second confirmation changes nothing. */
    @PostMapping("/{province}/confirm")
    @PreAuthorize("hasRole('AGENCY')")
    public Mono<StatementView> confirm(@PathVariable String period, @PathVariable String province) {
        Period p = Period.parse(period);
        String code = Access.province(province);
        return Caller.current()
                .filter(caller -> Access.isAgencyOf(caller, code))
                .switchIfEmpty(Mono.error(ApiException::forbidden))
                .flatMap(caller -> statements.confirm(p, code, caller));
    }
}
