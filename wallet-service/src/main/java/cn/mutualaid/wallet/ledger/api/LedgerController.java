package cn.mutualaid.wallet.ledger.api;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.ledger.LedgerChecks;
import cn.mutualaid.wallet.ledger.domain.LedgerReport;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
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
    public Mono<LedgerReport> check() {
        return Caller.current().flatMap(checks::check);
    }
}
