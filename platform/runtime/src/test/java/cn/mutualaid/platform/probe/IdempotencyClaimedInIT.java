package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.idempotency.ClaimClause;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotencyProperties;
import cn.mutualaid.platform.idempotency.IdempotencyStore;
import cn.mutualaid.platform.idempotency.IdempotentRequest;
import cn.mutualaid.platform.store.TransactionRunner;
import cn.mutualaid.testing.MeshTest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Idempotency#onceClaimedIn} on real PostgreSQL: the key claimed by the caller's own first statement, whose
 * read the work then gets; every key not claimed there decided as {@link Idempotency#once} decides it (the stored
 * answer replayed, another request 422, one in flight 409, a lease run out taken over, the work then reading afresh);
 * a first statement that fails relied on for nothing; a refused request keeps no key; the switch off claims on its own.
 */
@MeshTest
class IdempotencyClaimedInIT {
    private static final String CALLER = "probe-caller";
    @Autowired Idempotency idempotency;
    @Autowired IdempotencyStore store;
    @Autowired TransactionRunner tx;
    @Autowired Clock clock;
    @Autowired IdempotencyProperties properties;
    @Autowired DatabaseClient db;
    /** What each run of the work got from the first statement ("afresh" when nothing). */
    private final List<String> workGot = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger firstStatements = new AtomicInteger();

    record Body(String read, long amountFen) {
    }

    private static IdempotentRequest request(long amountFen) {
        return IdempotentRequest.of("PROBE", "target-1", Map.of("amountFen", amountFen));
    }

    /** The caller's first statement: the claim, and a read of its own ({@code read}). */
    private Mono<Idempotency.FirstRead<String>> first(ClaimClause claim, String read) {
        firstStatements.incrementAndGet();
        return claim.bind(db.sql("with " + claim.with() + " select " + claim.claimed() + ", cast(:read as text) as read")
                        .bind("read", read))
                .map(row -> new Idempotency.FirstRead<>(claim.claimedIn(row), row.get("read", String.class))).one();
    }

    private Mono<Idempotency.Answer<Body>> call(Idempotency with, String key, long amountFen) {
        return with.onceClaimedIn(CALLER, key, request(amountFen), Body.class, claim -> first(claim, "facts"),
                (held, read) -> {
                    workGot.add(read.orElse("afresh"));
                    return held.inTransaction(() -> Mono.just(new Body(read.orElse("afresh"), amountFen)));
                });
    }

    private Mono<Idempotency.Answer<Body>> call(String key, long amountFen) {
        return call(idempotency, key, amountFen);
    }

    private long rows(String key) {
        return db.sql("select count(*) from idempotency_key where caller_id = :c and idem_key = :k")
                .bind("c", CALLER).bind("k", key).map(row -> row.get(0, Long.class)).one().block();
    }

    private String stored(String key) {
        return db.sql("select response_body from idempotency_key where caller_id = :c and idem_key = :k")
                .bind("c", CALLER).bind("k", key).map(row -> row.get(0, String.class)).one().block();
    }

    @Test
    void theFirstStatementClaimsTheKeyAndTheWorkGetsItsRead() {
        String key = UUID.randomUUID().toString();
        Idempotency.Answer<Body> answer = call(key, 100).block();
        assertThat(answer).isEqualTo(new Idempotency.Answer<>(new Body("facts", 100), false));
        assertThat(workGot).containsExactly("facts");
        assertThat(stored(key)).contains("\"read\":\"facts\"");

        // The same request again: the stored answer, replayed; the work does not run.
        assertThat(call(key, 100).block()).isEqualTo(new Idempotency.Answer<>(new Body("facts", 100), true));
        // Another request under the key: 422, nothing run.
        assertThatThrownBy(() -> call(key, 101).block()).isInstanceOfSatisfying(Rejection.class,
                r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(workGot).containsExactly("facts");
        assertThat(firstStatements).hasValue(3);
        assertThat(rows(key)).isEqualTo(1);
    }

    @Test
    void aKeyInFlightIs409AndOneWhoseLeaseRanOutIsTakenOverWithTheWorkReadingAfresh() {
        String key = UUID.randomUUID().toString();
        db.sql("""
                        insert into idempotency_key (caller_id, idem_key, operation, request_hash, created_at, owner,
                                                     locked_until)
                        values (:c, :k, 'PROBE', :h, now(), :o, now() + interval '1 minute')""")
                .bind("c", CALLER).bind("k", key).bind("h", request(100).fingerprint()).bind("o", UUID.randomUUID())
                .fetch().rowsUpdated().block();
        assertThatThrownBy(() -> call(key, 100).block()).isInstanceOfSatisfying(Rejection.class,
                r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT"));
        assertThat(workGot).isEmpty();

        db.sql("update idempotency_key set locked_until = now() - interval '1 second' where idem_key = :k")
                .bind("k", key).fetch().rowsUpdated().block();
        // Taken over: the first statement's read was not this request's claim, so the work reads afresh.
        assertThat(call(key, 100).block()).isEqualTo(new Idempotency.Answer<>(new Body("afresh", 100), false));
        assertThat(workGot).containsExactly("afresh");
        assertThat(rows(key)).isEqualTo(1);
    }

    @Test
    void aFirstStatementThatFailsIsReliedOnForNothing() {
        // Failing in the database: nothing of it was committed, the key is claimed on its own.
        String key = UUID.randomUUID().toString();
        Idempotency.Answer<Body> answer = idempotency.onceClaimedIn(CALLER, key, request(100), Body.class,
                claim -> claim.bind(db.sql("with " + claim.with() + " select " + claim.claimed() + ", 1 / 0 as read"))
                        .map(row -> new Idempotency.FirstRead<>(claim.claimedIn(row), "never")).one(),
                (held, read) -> held.inTransaction(() -> Mono.just(new Body(read.orElse("afresh"), 100)))).block();
        assertThat(answer.body()).isEqualTo(new Body("afresh", 100));

        // Failing after the statement committed the claim: the key is given back first, then claimed on its own
        // (not answered 409 as if another request held it).
        String other = UUID.randomUUID().toString();
        Idempotency.Answer<Body> afterClaim = idempotency.onceClaimedIn(CALLER, other, request(100), Body.class,
                claim -> first(claim, "facts").<Idempotency.FirstRead<String>>flatMap(read -> {
                    assertThat(read.claimed()).isTrue();
                    return Mono.error(new IllegalStateException("a row the caller could not read"));
                }),
                (held, read) -> held.inTransaction(() -> Mono.just(new Body(read.orElse("afresh"), 100)))).block();
        assertThat(afterClaim).isEqualTo(new Idempotency.Answer<>(new Body("afresh", 100), false));
        assertThat(rows(other)).isEqualTo(1);
        assertThat(stored(other)).contains("afresh");

        // Answering no row at all (it claimed, but cannot say so): the same.
        String third = UUID.randomUUID().toString();
        Idempotency.Answer<Body> noRow = idempotency.onceClaimedIn(CALLER, third, request(100), Body.class,
                claim -> claim.bind(db.sql("with " + claim.with() + " select " + claim.claimed() + " where false"))
                        .map(row -> new Idempotency.FirstRead<>(claim.claimedIn(row), "never")).one(),
                (held, read) -> held.inTransaction(() -> Mono.just(new Body(read.orElse("afresh"), 100)))).block();
        assertThat(noRow).isEqualTo(new Idempotency.Answer<>(new Body("afresh", 100), false));
        assertThat(stored(third)).contains("afresh");
    }

    @Test
    void aRefusedRequestKeepsNoKeyAndItsRetryClaimsItAfresh() {
        String key = UUID.randomUUID().toString();
        assertThatThrownBy(() -> idempotency.onceClaimedIn(CALLER, key, request(100), Body.class,
                        claim -> first(claim, "facts"),
                        (held, read) -> Mono.<Body>error(Rejection.refused("QUOTA_INSUFFICIENT", "no"))).block())
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo("QUOTA_INSUFFICIENT"));
        assertThat(rows(key)).isZero();
        assertThat(call(key, 100).block()).isEqualTo(new Idempotency.Answer<>(new Body("facts", 100), false));
    }

    @Test
    void concurrentRequestsWithOneKeyRunTheWorkOnce() {
        for (int round = 0; round < 3; round++) {
            String key = UUID.randomUUID().toString();
            List<Object> outcomes = Flux.range(0, 8)
                    .flatMap(i -> call(key, 100).<Object>map(a -> a.replayed() ? "replayed" : "fresh")
                            .onErrorResume(Rejection.class, r -> Mono.just(r.code())), 8)
                    .collectList().block(Duration.ofMinutes(1));
            assertThat(outcomes).as("round %d", round).containsOnlyOnce("fresh")
                    .allSatisfy(o -> assertThat(o).isIn("fresh", "replayed", "IDEMPOTENCY_KEY_IN_FLIGHT"));
        }
        assertThat(workGot).hasSize(3).containsOnly("facts");
    }

    @Test
    void switchedOffTheKeyIsClaimedOnItsOwnAndTheWorkReadsAfresh() {
        Idempotency own = new Idempotency(store, tx, clock, new IdempotencyProperties(properties.retention(),
                properties.lease(), properties.purgeInterval(), false));
        String key = UUID.randomUUID().toString();
        assertThat(call(own, key, 100).block()).isEqualTo(new Idempotency.Answer<>(new Body("afresh", 100), false));
        assertThat(call(own, key, 100).block()).isEqualTo(new Idempotency.Answer<>(new Body("afresh", 100), true));
        assertThat(firstStatements).hasValue(0);
        assertThat(rows(key)).isEqualTo(1);
    }
}
