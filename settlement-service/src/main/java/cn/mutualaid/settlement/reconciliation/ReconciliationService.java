package cn.mutualaid.settlement.reconciliation;

import cn.mutualaid.contracts.wallet.MonthTotal;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.settlement.period.PeriodSettlement;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.reconciliation.domain.Reconciliation;
import cn.mutualaid.settlement.reconciliation.store.ReconciliationStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Reconciles a month's clearing lines with the wallet's ledger to the fen. The wallet answers settlement's
 * PeriodClosed with WalletMonthTotals; both sides count a line in the month (China time) of its capture or refund,
 * so late-booked lines are compared by their event month, not the period they were booked to. Money is compared
 * (captured and refunded fen per fund province, spend province and category); counts are kept but not compared,
 * since the wallet counts payments and clearing counts payment lines.
 */
@Service
public record ReconciliationService(ReconciliationStore store, PeriodSettlement settlement, Clock clock) {
    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    /** Stores the wallet's totals for the month (replacing earlier ones), reconciles, and settles if now possible. */
    public Mono<Reconciliation> walletTotals(WalletMonthTotals totals) {
        Period period;
        try {
            period = Period.parse(totals.period());
        } catch (Rejection e) {
            // Retrying cannot fix a malformed message: record it as handled and say so.
            log.error("ignoring WalletMonthTotals with period '{}'", totals.period());
            return Mono.empty();
        }
        List<MonthTotal> cells = totals.totals() == null ? List.of() : totals.totals();
        return store.replaceWalletTotals(period, cells).then(reconcile(period));
    }

    /** After a late line for {@code period}, or the month's close: if the wallet's totals are in, compare again. */
    public Mono<Reconciliation> recheck(Period period) {
        return store.exists(period).filter(found -> found).flatMap(found -> reconcile(period));
    }

    public Mono<Reconciliation> view(Period period) {
        return store.find(period).defaultIfEmpty(Reconciliation.pending());
    }

    private Mono<Reconciliation> reconcile(Period period) {
        return store.differences(period).collectList()
                .map(differences -> Reconciliation.of(differences, clock.instant()))
                .flatMap(result -> {
                    if (Reconciliation.MISMATCH.equals(result.status())) {
                        log.warn("reconciliation of {} against the wallet: MISMATCH in {} cells", period,
                                result.differences().size());
                    }
                    return store.save(period, result).then(settlement.trySettle(period)).thenReturn(result);
                });
    }
}
