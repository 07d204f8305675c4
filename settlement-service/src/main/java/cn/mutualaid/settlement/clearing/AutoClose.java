package cn.mutualaid.settlement.clearing;

import cn.mutualaid.settlement.SettlementProperties;
import cn.mutualaid.settlement.period.domain.Period;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Closes each month by itself once the configured grace time (mesh.settlement.close-grace) has passed after its end,
 * so that late payments of the month's last days still land in it. Every instance may run it: closing is
 * idempotent and serialised on the period row.
 */
@Component
public class AutoClose {
    private static final Logger log = LoggerFactory.getLogger(AutoClose.class);

    private final ClearingService periods;
    private final SettlementProperties properties;
    private final Clock clock;

    public AutoClose(ClearingService periods, SettlementProperties properties, Clock clock) {
        this.periods = periods;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${mesh.settlement.auto-close.interval:PT5M}",
            initialDelayString = "${mesh.settlement.auto-close.interval:PT5M}")
    public void tick() {
        if (properties.autoClose().enabled()) {
            closeDue(clock.instant()).then().block();
        }
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
