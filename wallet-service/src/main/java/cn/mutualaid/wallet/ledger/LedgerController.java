package cn.mutualaid.wallet.ledger;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class LedgerController {
    private final LedgerCheck check;

    public LedgerController(LedgerCheck check) {
        this.check = check;
    }

    /** Recomputes every account from the journal; {@code ok} is false with the differences listed otherwise. */
    @GetMapping("/api/v1/ledger/check")
    @PreAuthorize("hasAnyRole('AGENCY', 'CLEARING')")
    public Mono<LedgerCheck.Result> check() {
        return check.run();
    }
}
