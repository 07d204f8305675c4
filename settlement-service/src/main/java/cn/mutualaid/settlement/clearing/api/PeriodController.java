package cn.mutualaid.settlement.clearing.api;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.clearing.ClearingService;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.clearing.domain.Positions;
import cn.mutualaid.settlement.period.domain.Period;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/settlement/periods/{period}")
public class PeriodController {
    private final ClearingService periods;

    public PeriodController(ClearingService periods) {
        this.periods = periods;
    }

    /** CLEARING, ADMIN, or a province-level agency (the summary holds no one province's figures). */
    @GetMapping
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN', 'AGENCY')")
    public Mono<PeriodView> get(@PathVariable String period) {
        Period p = Period.parse(period);
        return Caller.current().flatMap(caller -> periods.view(caller, p));
    }

    @PostMapping("/close")
    @PreAuthorize("hasRole('CLEARING')")
    public Mono<ResponseEntity<PeriodView>> close(@PathVariable String period) {
        Period p = Period.parse(period);
        return Caller.current().flatMap(caller -> periods.close(p, caller))
                .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view));
    }

    /** National positions: CLEARING and ADMIN only. */
    @GetMapping("/positions")
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN')")
    public Mono<Positions> positions(@PathVariable String period) {
        return periods.positions(Period.parse(period));
    }
}
