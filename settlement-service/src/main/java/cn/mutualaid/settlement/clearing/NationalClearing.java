package cn.mutualaid.settlement.clearing;

import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.settlement.clearing.domain.Nets;
import cn.mutualaid.settlement.clearing.store.ClearingStore;
import cn.mutualaid.settlement.period.domain.Period;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Clears a month that has just been frozen (CLOSED), inside the closing transaction: cells, positions, statements
 * and their areas (set-based, {@link ClearingStore}), the nets checked to balance, then PeriodClosed and one
 * StatementIssued per province through the outbox.
 */
@Service
public record NationalClearing(ClearingStore store, Outbox outbox, Clock clock) {
    private static final Logger log = LoggerFactory.getLogger(NationalClearing.class);

    public Mono<Void> clear(Period period) {
        String p = period.toString();
        Instant now = clock.instant();
        long started = System.nanoTime();
        return store.aggregateCells(period)
                .then(store.clearPositions(period))
                .then(store.issueStatements(period, now))
                .then(store.breakDownByArea(period))
                // An unbalanced clearing fails here, and so rolls the close back.
                .then(store.nets(period).doOnNext(nets -> Nets.assertBalanced(p, nets)))
                .then(store.markCleared(period, now))
                .flatMap(closed -> outbox.append(eventId("PeriodClosed", p), closed, p))
                .thenMany(store.issued(period, now))
                .concatMap(issued -> outbox.append(eventId("StatementIssued", p + "/" + issued.province()), issued,
                        issued.province()))
                .then()
                .doOnSuccess(v -> log.info("cleared {} in {} ms", p, (System.nanoTime() - started) / 1_000_000));
    }

    /** The same step of the same period always has the same event id: a retried close cannot publish twice. */
    static UUID eventId(String type, String key) {
        return UUID.nameUUIDFromBytes((type + "/" + key).getBytes(StandardCharsets.UTF_8));
    }
}
