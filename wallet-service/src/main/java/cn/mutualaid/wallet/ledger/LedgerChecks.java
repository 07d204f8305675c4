package cn.mutualaid.wallet.ledger;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.AreaRange;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.ledger.domain.LedgerReport;
import cn.mutualaid.wallet.ledger.domain.LedgerScope;
import cn.mutualaid.wallet.ledger.store.LedgerCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Keeps ledger checks from starving payments. A check recomputes whole tables, so on one instance at most one runs
 * at a time: callers asking for the scope being checked share its answer, others wait up to {@code maxWait} and then
 * get 503 LEDGER_CHECK_BUSY (with Retry-After). An answer is reused for {@code cacheTtl} per scope, and every
 * statement is cancelled by the database after {@code statementTimeout} (503 LEDGER_CHECK_TIMEOUT).
 * Counter {@code mesh.ledger.check} counts requests by {@code outcome}: run, reused, busy, timeout.
 */
@Service
public class LedgerChecks {
    private static final Duration POLL = Duration.ofMillis(25);
    private static final String QUERY_CANCELED = "57014";

    private final LedgerCheck check;
    private final WalletProperties.LedgerCheckLimits limits;
    private final Clock clock;
    private final Semaphore running = new Semaphore(1);
    private final Map<String, Mono<LedgerReport>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(LedgerReport result, Instant at) {
    }

    private final MeterRegistry meters;

    public LedgerChecks(LedgerCheck check, WalletProperties properties, Clock clock, MeterRegistry meters) {
        this.check = check;
        this.limits = properties.ledgerCheck();
        this.clock = clock;
        this.meters = meters;
    }

    private void count(String outcome) {
        meters.counter("mesh.ledger.check", "outcome", outcome).increment();
    }

    /** The check of the caller's scope (national for CLEARING and ADMIN, an agency's own area); others 403. */
    public Mono<LedgerReport> check(Caller caller) {
        return Mono.defer(() -> {
            LedgerScope scope = scopeOf(caller);
            Answer cached = answers.get(scope.name());
            if (cached != null && clock.instant().isBefore(cached.at().plus(limits.cacheTtl()))) {
                count("reused");
                return Mono.just(cached.result());
            }
            return inFlight.computeIfAbsent(scope.name(), name -> exclusive(scope)
                    .doOnNext(result -> answers.put(name, new Answer(result, clock.instant())))
                    .doFinally(signal -> inFlight.remove(name))
                    .cache());
        });
    }

    private Mono<LedgerReport> exclusive(LedgerScope scope) {
        long attempts = Math.max(0, limits.maxWait().toMillis() / POLL.toMillis());
        Mono<Boolean> permit = Mono.fromCallable(running::tryAcquire)
                .flatMap(acquired -> acquired ? Mono.just(true) : Mono.error(LedgerChecks::busy))
                .retryWhen(Retry.fixedDelay(attempts, POLL).onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        return permit.doOnError(e -> count("busy")).flatMap(acquired -> check.run(scope, limits.statementTimeout())
                .doOnSubscribe(subscription -> count("run"))
                .doOnError(LedgerChecks::timedOut, e -> count("timeout"))
                .onErrorMap(LedgerChecks::timedOut, e -> new Rejection(Rejection.Kind.NOT_YET,
                        "LEDGER_CHECK_TIMEOUT", "the ledger check ran longer than allowed; retry later"))
                .doFinally(signal -> running.release()));
    }

    private static Rejection busy() {
        return new Rejection(Rejection.Kind.NOT_YET, "LEDGER_CHECK_BUSY",
                "another ledger check is running on this instance; retry shortly");
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r2dbc && QUERY_CANCELED.equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * CLEARING and ADMIN check the nation; an agency its own area's accounts (a province agency: its province's);
     * anyone else is refused.
     */
    static LedgerScope scopeOf(Caller caller) {
        if (caller.has(Role.CLEARING) || caller.has(Role.ADMIN)) {
            return LedgerScope.NATIONAL;
        }
        return AreaRange.of(caller).map(range -> new LedgerScope(caller.area(), range.low(), range.high()))
                .orElseThrow(() -> Rejection.forbidden("LEDGER_SCOPE_FORBIDDEN",
                        "the ledger check is for the clearing centre, administrators and an area's own agency"));
    }
}
