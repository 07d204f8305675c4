package cn.mutualaid.settlement.clearing.api;

import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.clearing.ClearingService;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.clearing.domain.Positions;
import cn.mutualaid.settlement.period.domain.Period;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Clearing periods", description = "A month (yyyymm, China time) of mutual-aid spending: its totals, the"
        + " close that clears it between provinces, and the national positions")
@RequestMapping("/api/v1/settlement/periods/{period}")
public class PeriodController {
    private final ClearingService periods;

    public PeriodController(ClearingService periods) {
        this.periods = periods;
    }

    /** CLEARING, ADMIN, or a province-level agency (the summary holds no one province's figures). */
    @GetMapping
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN', 'AGENCY')")
    @Operation(summary = "Read a month's clearing status and totals", description = "The clearing centre, an"
            + " administrator or a province-level agency reads the month's status, totals, late lines, statements"
            + " confirmed, reconciliation with the wallet and what still blocks settlement. A month nobody has booked"
            + " yet reads as OPEN and empty.")
    @Refuses(status = 400, codes = "INVALID_PERIOD")
    public Mono<PeriodView> get(@PathVariable String period) {
        Period p = Period.parse(period);
        return Caller.current().flatMap(caller -> periods.view(caller, p));
    }

    @PostMapping("/close")
    @PreAuthorize("hasRole('CLEARING')")
    @Operation(summary = "Close and clear an ended month", description = "The clearing centre freezes the month"
            + " and clears it between provinces in one step, issuing each province's statement. Closing a month"
            + " that is no longer open changes nothing and answers it again.")
    @ApiResponse(responseCode = "202", description = "the month, CLEARED",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PeriodView.class)))
    @Refuses(status = 400, codes = "INVALID_PERIOD")
    @Refuses(status = 409, codes = "PERIOD_NOT_ENDED")
    public Mono<ResponseEntity<PeriodView>> close(@PathVariable String period) {
        Period p = Period.parse(period);
        return Caller.current().flatMap(caller -> periods.close(p, caller))
                .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view));
    }

    /** National positions: CLEARING and ADMIN only. */
    @GetMapping("/positions")
    @PreAuthorize("hasAnyRole('CLEARING', 'ADMIN')")
    @Operation(summary = "Read a cleared month's cross-province positions", description = "The clearing centre or"
            + " an administrator reads what each province owes each other province for the month, and each"
            + " province's payable, receivable and net, once the month is cleared.")
    @Refuses(status = 400, codes = "INVALID_PERIOD")
    @Refuses(status = 409, codes = "PERIOD_NOT_CLEARED")
    public Mono<Positions> positions(@PathVariable String period) {
        return periods.positions(Period.parse(period));
    }
}
