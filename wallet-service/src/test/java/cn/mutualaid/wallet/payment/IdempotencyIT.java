package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotencyPurge;
import cn.mutualaid.testing.HeldRowLock;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Idempotency-Key as draft-ietf-httpapi-idempotency-key-header specifies: replays marked, another body 422, a
 * duplicate of a request still in flight 409 at once, a crashed request's key taken over after its lease, refused
 * requests keep nothing, keys purged after the retention. Real HTTP on real PostgreSQL.
 */
@MeshTest
class IdempotencyIT {
    static final String REPLAYED = Idempotency.REPLAYED_HEADER;
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired ConnectionFactory connections;
    @Autowired Environment env;
    @Autowired IdempotencyPurge purge;
    Wallet w;
    String parent;
    String child;
    String hospital;
    String relation;

    record Reply(int status, String code, String paymentId, String replayed) {
    }

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        parent = w.employee("320500", 100_000);
        child = w.employee("320500", 0);
        hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        relation = w.quota(parent, child, 50_000);
    }

    private Map<String, Object> body(String code, long fen) {
        return Map.of("paymentCode", code, "patientId", child, "amountFen", fen, "category", "MEDICAL_INSTITUTION",
                "capture", true);
    }

    /** A real HTTP call (not bound to the test's thread), so several can run at once. */
    private Mono<Reply> post(String path, String key, Map<String, Object> body) {
        return WebClient.builder().baseUrl("http://127.0.0.1:" + env.getProperty("local.server.port")).build()
                .post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                .header("Idempotency-Key", key).bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(Map.class).map(json -> new Reply(
                        response.statusCode().value(), (String) json.get("code"), (String) json.get("paymentId"),
                        response.headers().asHttpHeaders().getFirst(REPLAYED))));
    }

    private long payments() {
        return w.count("select count(*) from payment where patient_id = :id", child);
    }

    private long inFlight(String key) {
        return w.count("select count(*) from idempotency_key where idem_key = :id and response_body is null", key);
    }

    @Test
    void aRepeatGetsTheStoredAnswerMarkedReplayedAndAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        String code = w.code(child);
        Map<String, Object> first = w.pay(hospital, key, code, child, 1200, PaymentCategory.MEDICAL_INSTITUTION, false)
                .expectStatus().isCreated().expectHeader().doesNotExist(REPLAYED)
                .expectBody(Wallet.JSON).returnResult().getResponseBody();
        Map<String, Object> again = w.pay(hospital, key, code, child, 1200, PaymentCategory.MEDICAL_INSTITUTION, false)
                .expectStatus().isCreated().expectHeader().valueEquals(REPLAYED, "true")
                .expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        w.pay(hospital, key, code, child, 1300, PaymentCategory.MEDICAL_INSTITUTION, false)
                .expectStatus().isEqualTo(422).expectHeader().doesNotExist(REPLAYED)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(payments()).isEqualTo(1);

        String id = (String) first.get("paymentId");
        for (String replayed : new String[] {null, "true"}) {
            var capture = web.post().uri("/api/v1/payments/{id}/capture", id)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                    .header("Idempotency-Key", "capture-" + id).exchange().expectStatus().isOk();
            (replayed == null ? capture.expectHeader().doesNotExist(REPLAYED) : capture.expectHeader().valueEquals(REPLAYED, replayed))
                    .expectBody().jsonPath("$.status").isEqualTo("CAPTURED");
        }
        w.refund(hospital, id, "refund-1", 200).expectStatus().isCreated().expectHeader().doesNotExist(REPLAYED);
        w.refund(hospital, id, "refund-1", 200).expectStatus().isCreated().expectHeader().valueEquals(REPLAYED, "true")
                .expectBody().jsonPath("$.refundedFen").isEqualTo(200).jsonPath("$.refunds.length()").isEqualTo(1);
        w.refund(hospital, id, "refund-1", 300).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(w.quotaOf(relation)).containsExactly(50_000L, 1000L, 0L, 0L);
        w.assertLedgerOk();
    }

    @Test
    void aDuplicateWhileTheFirstIsInFlightGets409AtOnceWithoutWaiting() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = body(w.code(child), 700);
        HeldRowLock lock = lockQuota();
        CompletableFuture<Reply> first;
        try {
            first = post("/api/v1/payments", key, body).toFuture();
            // The first request has claimed its key and now waits on the quota row the test holds.
            await().atMost(Wallet.WAIT).until(() -> inFlight(key) == 1);
            long started = System.nanoTime();
            Reply duplicate = post("/api/v1/payments", key, body).block(Duration.ofSeconds(20));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
            // Answered while the first still holds the lock: it did not queue behind it.
            assertThat(tookMillis).isLessThan(5_000);
            assertThat(first).isNotDone();
            Reply other = post("/api/v1/payments", key, body(w.code(child), 800)).block(Duration.ofSeconds(20));
            assertThat(other.status()).isEqualTo(422);
            assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        } finally {
            unlock(lock);
        }
        Reply done = first.join();
        assertThat(done.status()).isEqualTo(201);
        assertThat(done.replayed()).isNull();
        Reply later = post("/api/v1/payments", key, body).block(Duration.ofSeconds(20));
        assertThat(later).isEqualTo(new Reply(201, null, done.paymentId(), "true"));
        assertThat(payments()).isEqualTo(1);
        assertThat(w.quotaOf(relation)[1]).isEqualTo(700);
    }

    @Test
    void concurrentRetriesOfOnePaymentMakeItOnce() {
        int rounds = 3;
        int together = 8;
        for (int round = 0; round < rounds; round++) {
            String key = UUID.randomUUID().toString();
            Map<String, Object> body = body(w.code(child), 100);
            List<Reply> replies = Flux.range(0, together).flatMap(i -> post("/api/v1/payments", key, body), together)
                    .collectList().block(Duration.ofMinutes(1));
            List<Reply> fresh = replies.stream().filter(r -> r.status() == 201 && r.replayed() == null).toList();
            assertThat(fresh).as("round %d: %s", round, replies).hasSize(1);
            assertThat(replies).allSatisfy(r -> assertThat(r).satisfiesAnyOf(
                    same -> assertThat(same).isEqualTo(new Reply(201, null, fresh.get(0).paymentId(), same.replayed())),
                    busy -> assertThat(busy).isEqualTo(new Reply(409, "IDEMPOTENCY_KEY_IN_FLIGHT", null, null))));
            assertThat(replies).filteredOn(r -> r.status() == 201 && r.replayed() != null)
                    .allSatisfy(r -> assertThat(r.replayed()).isEqualTo("true"));
        }
        assertThat(payments()).isEqualTo(rounds);
        assertThat(w.quotaOf(relation)[1]).isEqualTo(rounds * 100L);
        w.assertLedgerOk();
    }

    @Test
    void aKeyWhoseLeaseRanOutIsTakenOverAndOnlyTheNewOwnerPays() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = body(w.code(child), 900);
        HeldRowLock lock = lockQuota();
        CompletableFuture<Reply> stale;
        CompletableFuture<Reply> retry;
        try {
            stale = post("/api/v1/payments", key, body).toFuture();
            await().atMost(Wallet.WAIT).until(() -> inFlight(key) == 1);
            // As if the first request's instance had died: its lease is over.
            db.sql("update idempotency_key set locked_until = now() - interval '1 second' where idem_key = :k")
                    .bind("k", key).fetch().rowsUpdated().block();
            retry = post("/api/v1/payments", key, body).toFuture();
            await().atMost(Wallet.WAIT).until(() -> w.count(
                    "select count(*) from idempotency_key where idem_key = :id and locked_until > now()", key) == 1);
        } finally {
            unlock(lock);
        }
        assertThat(retry.join().status()).isEqualTo(201);
        // The first request lost its claim: whatever it did is rolled back.
        assertThat(stale.join().status()).isIn(409, 422);
        assertThat(payments()).isEqualTo(1);
        assertThat(w.quotaOf(relation)[1]).isEqualTo(900);
        w.assertLedgerOk();
    }

    @Test
    void aRefusedRequestKeepsNoKeyAndKeysArePurgedAfterTheRetention() {
        String key = UUID.randomUUID().toString();
        Reply refused = post("/api/v1/payments", key, body(w.code(child), 50_001)).block(Duration.ofSeconds(20));
        assertThat(refused.code()).isEqualTo("QUOTA_INSUFFICIENT");
        assertThat(w.count("select count(*) from idempotency_key where idem_key = :id", key)).isZero();
        assertThat(post("/api/v1/payments", key, body(w.code(child), 100)).block(Duration.ofSeconds(20)).status())
                .isEqualTo(201);

        db.sql("update idempotency_key set created_at = now() - interval '7 days 1 minute' where idem_key = :k")
                .bind("k", key).fetch().rowsUpdated().block();
        purge.pass().block();
        assertThat(w.count("select count(*) from idempotency_key where idem_key = :id", key)).isZero();
        // Forgotten: the key is new again.
        Reply reused = post("/api/v1/payments", key, body(w.code(child), 200)).block(Duration.ofSeconds(20));
        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.replayed()).isNull();
        assertThat(payments()).isEqualTo(2);
    }

    /** Holds the child's quota row in an open transaction of the test's own, so a payment on it waits. */
    private HeldRowLock lockQuota() {
        return HeldRowLock.hold(connections, "select quota_id from quota where relation_id = $1 for update", relation);
    }

    /**
     * A key stored before the operation was (operation null, its hash over the route): a retry still gets the stored
     * answer and moves nothing; another operation under that key is still refused.
     */
    @Test
    void aKeyStoredBeforeOperationsWereNamedStillReplays() {
        Map<String, Object> held = w.paid(hospital, child, 700, PaymentCategory.MEDICAL_INSTITUTION, false);
        String id = (String) held.get("paymentId");
        String stored = "{\"paymentId\":\"" + id + "\",\"status\":\"CAPTURED\",\"amountFen\":700}";
        db.sql("""
                        insert into idempotency_key (caller_id, idem_key, request_hash, response_body, created_at)
                        values (:c, 'legacy-key', :h, :b, now())""")
                .bind("c", hospital).bind("b", stored)
                .bind("h", cn.mutualaid.platform.idempotency.IdempotentRequest.sha256Hex("POST /api/v1/payments/" + id + "/capture\n{}"))
                .fetch().rowsUpdated().block();

        web.post().uri("/api/v1/payments/{id}/capture", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                .header("Idempotency-Key", "legacy-key").exchange()
                .expectStatus().isOk().expectHeader().valueEquals(REPLAYED, "true")
                .expectBody().jsonPath("$.status").isEqualTo("CAPTURED").jsonPath("$.amountFen").isEqualTo(700);
        assertThat(w.count("select count(*) from payment where payment_id = cast(:id as uuid) and status = 'AUTHORIZED'", id))
                .as("the replay moved nothing").isEqualTo(1);
        web.post().uri("/api/v1/payments/{id}/void", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                .header("Idempotency-Key", "legacy-key").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    private static void unlock(HeldRowLock lock) {
        lock.close();
    }
}
