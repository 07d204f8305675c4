package cn.mutualaid.registry.person;

import cn.mutualaid.registry.Sweep;
import cn.mutualaid.registry.person.store.PersonStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Key rotation of the sealed ID numbers: after a new key is made current, every sweep re-seals a batch of rows still
 * under an older key, until none is left; the gauge mesh.registry.id-keys.stale says how many remain (0: the old key
 * may be removed from the configuration).
 */
@Component
public class IdKeyRotation implements Sweep {
    private static final int BATCH = 500;
    private final PersonStore persons;
    private final TransactionalOperator tx;
    private final AtomicLong stale = new AtomicLong(-1);

    public IdKeyRotation(PersonStore persons, TransactionalOperator tx, MeterRegistry meters) {
        this.persons = persons;
        this.tx = tx;
        Gauge.builder("mesh.registry.id-keys.stale", stale, AtomicLong::get)
                .description("rows whose ID number is sealed under another key than the current one (-1: not counted yet)")
                .register(meters);
    }

    /** Cheap when nothing is stale: both queries are two empty range scans of the index on id_key. */
    @Override
    public Mono<Long> sweep(Instant now) {
        return tx.transactional(persons.resealStale(BATCH))
                .flatMap(resealed -> persons.countStale().doOnNext(stale::set).thenReturn(resealed));
    }
}
