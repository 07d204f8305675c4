package cn.mutualaid.wallet.ledger.api;

import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.ledger.LedgerChecks;
import cn.mutualaid.wallet.ledger.domain.LedgerReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Ledger check", description = "Accounts recomputed from the journal, for reconciliation")
public class LedgerController {
    private final LedgerChecks checks;

    public LedgerController(LedgerChecks checks) {
        this.checks = checks;
    }

    /**
     * Recomputes the caller's accounts from the journal (CLEARING and ADMIN: all; an AGENCY: its own area's);
     * {@code ok} is false with the differences listed otherwise. Bounded: see {@link LedgerChecks}.
     */
    @GetMapping("/api/v1/ledger/check")
    @PreAuthorize("hasAnyRole('AGENCY', 'CLEARING', 'ADMIN')")
    @Operation(summary = "Check the accounts against the journal",
            description = "The clearing centre and administrators check every account, an agency its own area's:"
                    + " ok is false with each difference listed. One check runs at a time per instance; retry after"
                    + " Retry-After when busy or timed out.")
    @Refuses(status = 403, codes = "LEDGER_SCOPE_FORBIDDEN")
    @Refuses(status = 503, codes = {"LEDGER_CHECK_BUSY", "LEDGER_CHECK_TIMEOUT"})
    public Mono<LedgerReport> check() {
        return Caller.current().flatMap(checks::check);
    }
}
