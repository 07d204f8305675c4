package cn.mutualaid.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotencyPurge;
import cn.mutualaid.testing.HeldRowLock;
import cn.mutualaid.testing.IdempotentPost;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Credits and their approvals are money POSTs like payments: one Idempotency-Key mechanism (the platform's), so a
 * retry gets the stored answer marked replayed, another body under the key 422, a duplicate while the first is in
 * flight 409 at once (no connection waits), and keys are forgotten after the retention. Real HTTP, real PostgreSQL.
 */
@MeshTest
class CreditIdempotencyIT {
    static final String REPLAYED = Idempotency.REPLAYED_HEADER;
    static final long LARGE = 1_000_001;
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired ConnectionFactory connections;
    @Autowired Environment env;
    @Autowired IdempotencyPurge purge;
    Wallet w;
    String person;
    String operatorA;
    String operatorB;

    record Reply(int status, String code, String creditId, String replayed) {
    }

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        person = w.employee("320500", 0);
        operatorA = TestJwt.mint("credit-op-a", "320500", Duration.ofHours(1), "AGENCY");
        operatorB = TestJwt.mint("credit-op-b", "320500", Duration.ofHours(1), "AGENCY");
    }

    /** A real HTTP call (not bound to the test's thread), so two can run at once. */
    private Mono<Reply> post(String token, String path, String key, Object body) {
        return IdempotentPost.post(env.getRequiredProperty("local.server.port", Integer.class), token, path, key, body)
                .map(a -> new Reply(a.status(), a.code(), a.text("creditId"), a.replayed()));
    }

    private Reply credit(String key, long fen, String reference) {
        return post(operatorA, "/api/v1/accounts/" + person + "/credits", key,
                Map.of("amountFen", fen, "reference", reference)).block(Duration.ofSeconds(30));
    }

    private Reply approve(String token, String key, String creditId) {
        return post(token, "/api/v1/credits/" + creditId + "/approve", key, null).block(Duration.ofSeconds(30));
    }

    private long credits() {
        return w.count("select count(*) from credit where person_id = :id", person);
    }

    private long keys(String key) {
        return w.count("select count(*) from idempotency_key where idem_key = :id", key);
    }

    private long inFlight(String key) {
        return w.count("select count(*) from idempotency_key where idem_key = :id and response_body is null", key);
    }

    @Test
    void aCreditIsRefusedWithoutAKeyAndChangesNothing() {
        Reply refused = credit(null, 100, "no-key");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        String pending = credit(UUID.randomUUID().toString(), LARGE, "no-key-approve").creditId();
        Reply approval = approve(operatorB, null, pending);
        assertThat(approval.status()).isEqualTo(400);
        assertThat(approval.code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(credits()).isEqualTo(1);
        assertThat(w.account(person)[0]).isZero();
    }

    @Test
    void aRetriedCreditGetsTheStoredAnswerMarkedReplayedAndAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> first = w.credit(person, "320500", 4000, "idem-2026-01", key).expectStatus().isCreated()
                .expectHeader().doesNotExist(REPLAYED).expectBody(Wallet.JSON).returnResult().getResponseBody();
        Map<String, Object> again = w.credit(person, "320500", 4000, "idem-2026-01", key).expectStatus().isCreated()
                .expectHeader().valueEquals(REPLAYED, "true").expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        // Another body under the key is refused before the reference is even looked at.
        w.credit(person, "320500", 4000, "idem-2026-02", key).expectStatus().isEqualTo(422).expectHeader()
                .doesNotExist(REPLAYED).expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        w.credit(person, "320500", 4100, "idem-2026-01", key).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(credits()).isEqualTo(1);
        assertThat(w.account(person)[0]).isEqualTo(4000);
        assertThat(w.count("select count(*) from journal_tx where kind = 'CREDIT' and reference = :id", "idem-2026-01"))
                .isEqualTo(1);
        // The key is the caller's: another operator's same key is a request of its own (the reference then answers).
        w.credit(person, "320100", 4000, "idem-2026-01", key).expectStatus().isNotFound();
        w.assertLedgerOk();
    }

    @Test
    void aRetriedApprovalGetsTheStoredAnswerAndTheKeyOnAnotherCreditIs422() {
        String pending = credit(UUID.randomUUID().toString(), LARGE, "big-1").creditId();
        String other = credit(UUID.randomUUID().toString(), LARGE, "big-2").creditId();
        String key = UUID.randomUUID().toString();
        Reply approved = approve(operatorB, key, pending);
        assertThat(approved).isEqualTo(new Reply(200, null, pending, null));
        Reply again = approve(operatorB, key, pending);
        assertThat(again).isEqualTo(new Reply(200, null, pending, "true"));
        Reply elsewhere = approve(operatorB, key, other);
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(elsewhere.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(w.account(person)[0]).isEqualTo(LARGE);
        assertThat(w.count("select count(*) from credit where credit_id = cast(:id as uuid) and status = 'PENDING_APPROVAL'",
                other)).isEqualTo(1);
        // A refused approval (the requester's own) keeps no key: the requester may use it again.
        String refusedKey = UUID.randomUUID().toString();
        assertThat(approve(operatorA, refusedKey, other).code()).isEqualTo("FOUR_EYES_SAME_OPERATOR");
        assertThat(keys(refusedKey)).isZero();
        w.assertLedgerOk();
    }

    @Test
    void aDuplicateCreditWhileTheFirstIsInFlightGets409AtOnceAndNoConnectionWaits() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("amountFen", 700, "reference", "slow");
        String path = "/api/v1/accounts/" + person + "/credits";
        CompletableFuture<Reply> first;
        try (HeldRowLock lock = lockAccount()) {
            first = post(operatorA, path, key, body).toFuture();
            // The first request has claimed its key and now waits on the account row the test holds.
            await().atMost(Wallet.WAIT).until(() -> inFlight(key) == 1 && lockWaiters() == 1);
            // Only the first request waits on the lock: the duplicate did not queue behind it with a connection.
            Reply duplicate = HeldRowLock.answeredAtOnce(db, () -> post(operatorA, path, key, body).block(Duration.ofSeconds(20)));
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
            assertThat(first).isNotDone();
            Reply other = post(operatorA, path, key, Map.of("amountFen", 800, "reference", "slow"))
                    .block(Duration.ofSeconds(20));
            assertThat(other.status()).isEqualTo(422);
            assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        }
        Reply done = first.join();
        assertThat(done.status()).isEqualTo(201);
        assertThat(done.replayed()).isNull();
        assertThat(post(operatorA, path, key, body).block(Duration.ofSeconds(20)))
                .isEqualTo(new Reply(201, null, done.creditId(), "true"));
        assertThat(credits()).isEqualTo(1);
        assertThat(w.account(person)[0]).isEqualTo(700);
        w.assertLedgerOk();
    }

    @Test
    void aDuplicateApprovalWhileTheFirstIsInFlightGets409AtOnce() {
        String pending = credit(UUID.randomUUID().toString(), LARGE, "big-slow").creditId();
        String key = UUID.randomUUID().toString();
        String path = "/api/v1/credits/" + pending + "/approve";
        CompletableFuture<Reply> first;
        try (HeldRowLock lock = lockAccount()) {
            first = post(operatorB, path, key, null).toFuture();
            await().atMost(Wallet.WAIT).until(() -> inFlight(key) == 1 && lockWaiters() == 1);
            Reply duplicate = post(operatorB, path, key, null).block(Duration.ofSeconds(20));
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
            assertThat(first).isNotDone();
        }
        assertThat(first.join()).isEqualTo(new Reply(200, null, pending, null));
        assertThat(w.account(person)[0]).isEqualTo(LARGE);
    }

    @Test
    void keysAreForgottenAfterTheRetention() {
        String key = UUID.randomUUID().toString();
        assertThat(credit(key, 100, "kept").status()).isEqualTo(201);
        assertThat(credit(key, 100, "kept").replayed()).isEqualTo("true");
        db.sql("update idempotency_key set created_at = now() - interval '7 days 1 minute' where idem_key = :k")
                .bind("k", key).fetch().rowsUpdated().block();
        String recent = UUID.randomUUID().toString();
        assertThat(credit(recent, 50, "recent").status()).isEqualTo(201);
        assertThat(purge.pass().block()).isPositive();
        assertThat(keys(key)).isZero();
        assertThat(keys(recent)).isEqualTo(1);
        // Forgotten: the key is new again, and another body under it is a new credit, not a 422.
        Reply reused = credit(key, 200, "after-retention");
        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.replayed()).isNull();
        assertThat(credits()).isEqualTo(3);
        assertThat(w.account(person)[0]).isEqualTo(350);
    }

    /** Holds the person's account row in an open transaction of the test's own, so a credit on it waits. */
    private HeldRowLock lockAccount() {
        return HeldRowLock.hold(connections, "select person_id from account where person_id = $1 for update", person);
    }

    private long lockWaiters() {
        return HeldRowLock.waiters(db);
    }
}
