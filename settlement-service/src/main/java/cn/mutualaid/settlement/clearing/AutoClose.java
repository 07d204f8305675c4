package cn.mutualaid.settlement.clearing;

import cn.mutualaid.platform.work.PeriodicWork;
import cn.mutualaid.settlement.SettlementProperties;
import cn.mutualaid.settlement.period.domain.Period;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closes each month by itself once the configured grace time (mesh.settlement.close-grace) has passed after its end,
 * so that late payments of the month's last days still land in it, looking every {@code mesh.settlement.auto-close.interval}
 * unless {@code mesh.settlement.auto-close.enabled} is false. Every instance may run it: closing is idempotent and
 * serialised on the period row.
 */
@Component
public class AutoClose extends PeriodicWork {
    private static final Logger log = LoggerFactory.getLogger(AutoClose.class);

    private final ClearingService periods;
    private final SettlementProperties properties;
    private final Clock clock;

    public AutoClose(ClearingService periods, SettlementProperties properties, Clock clock) {
        super("auto-close", properties.autoClose().interval());
        this.periods = periods;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Mono<Void> pass() {
        return properties.autoClose().enabled() ? Mono.defer(() -> closeDue(clock.instant()).then()) : Mono.empty();
    }

    /** Closes every OPEN month whose end plus the grace time is at or before {@code now}. */
    public Flux<Period> closeDue(Instant now) {
        return periods.open()
                .filter(period -> isDue(period, now))
                .concatMap(period -> periods.close(period).thenReturn(period))
                .doOnNext(period -> log.info("auto-closed {}", period));
    }

    boolean isDue(Period period, Instant now) {
        return !now.isBefore(period.end().plus(properties.closeGrace()));
    }
}
