package cn.mutualaid.settlement.clearing;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.authority.Authorities;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.clearing.domain.Positions;
import cn.mutualaid.settlement.clearing.store.SummaryStore;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.period.domain.PeriodStatus;
import cn.mutualaid.settlement.period.store.PeriodStore;
import cn.mutualaid.settlement.reconciliation.ReconciliationService;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Months: their state, closing (which clears them), and the national positions. */
@Service
public record ClearingService(PeriodStore periods, SummaryStore summaries, TransactionalOperator tx,
        NationalClearing clearing, ReconciliationService reconciliation, Audit audit, Clock clock) {
    /**
     * Freezes the month and clears it, in one transaction: OPEN → CLOSED → CLEARED. Idempotent: a month that is no
     * longer OPEN is left as it is. A month still running cannot be closed.
     */
    public Mono<PeriodView> close(Period period) {
        return close(period, null);
    }

    /** As {@link #close(Period)}, by a person: the close is audited in its transaction (the scheduler's is not). */
    public Mono<PeriodView> close(Period period, Caller caller) {
        if (!period.hasEnded(clock.instant())) {
            return Mono.error(Rejection.conflict("PERIOD_NOT_ENDED",
                    "month " + period + " has not ended yet (China time); it can be closed from " + period.end()));
        }
        Mono<Void> work = periods.ensure(period)
                .then(periods.freeze(period, clock.instant()))
                // The wallet may have answered early (before the close): compare again with the month complete.
                .flatMap(frozen -> frozen ? clearing.clear(period).then(reconciliation.recheck(period))
                        .then(caller == null ? Mono.empty() : audit.record(caller, "period.close", "period",
                                period.toString(), null, Map.of("status", PeriodStatus.CLEARED)))
                        .then()
                        : Mono.empty());
        return tx.transactional(work).then(view(period));
    }

    /** The month's summary for a national reader or a province agency (it holds no one province's figures). */
    public Mono<PeriodView> view(Caller caller, Period period) {
        if (!Authorities.of(caller).mayReadPeriod()) {
            return Mono.error(Rejection.forbidden());
        }
        return view(period);
    }

    /** A month nobody has booked or closed yet reads as OPEN and empty. */
    public Mono<PeriodView> view(Period period) {
        return summaries.stored(period)
                .defaultIfEmpty(PeriodView.empty(period.toString()))
                .flatMap(base -> PeriodStatus.OPEN.equals(base.status()) ? summaries.runningTotals(base) : Mono.just(base))
                .zipWith(summaries.statementCount(period))
                .zipWith(reconciliation.view(period))
                .map(all -> all.getT1().getT1().with(all.getT1().getT2(), all.getT2()));
    }

    /** Cross-province positions of a cleared month and each province's net. */
    public Mono<Positions> positions(Period period) {
        return view(period).flatMap(v -> {
            if (!PeriodStatus.isCleared(v.status())) {
                return Mono.error(Rejection.conflict("PERIOD_NOT_CLEARED",
                        "month " + period + " is " + v.status() + "; positions exist once it is closed and cleared"));
            }
            return Mono.zip(summaries.positions(period).collectList(), summaries.nets(period).collectList())
                    .map(both -> new Positions(period.toString(), v.status(), both.getT1(), both.getT2()));
        });
    }

    /** Months still OPEN, oldest first (for the scheduler). */
    public Flux<Period> open() {
        return periods.open();
    }
}
