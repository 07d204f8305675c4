package cn.mutualaid.settlement.prepaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotencyPurge;
import cn.mutualaid.testing.HeldRowLock;
import cn.mutualaid.testing.IdempotentPost;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Prepaid-fund top-ups and their approvals use the platform's one Idempotency-Key mechanism: a retry gets the stored
 * answer (and status) marked replayed, another body under the key 422, a duplicate while the first is in flight 409 at
 * once with no connection waiting, and keys are forgotten after the retention. Real HTTP on real PostgreSQL.
 */
@MeshTest
class TopUpIdempotencyIT {
    static final String REPLAYED = Idempotency.REPLAYED_HEADER;
    /** Above the default four-eyes threshold of 1,000,000,000 fen. */
    static final long LARGE = 1_000_000_001L;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String OPERATOR_A = TestJwt.mint("top-up-op-a", null, Duration.ofHours(1), "CLEARING");
    static final String OPERATOR_B = TestJwt.mint("top-up-op-b", null, Duration.ofHours(1), "CLEARING");
    @Autowired DatabaseClient db;
    @Autowired ConnectionFactory connections;
    @Autowired Environment env;
    @Autowired IdempotencyPurge purge;

    record Reply(int status, String code, String topUpId, Long balanceFen, String replayed) {
    }

    private Mono<Reply> post(String token, String path, String key, Object body) {
        return IdempotentPost.post(env.getRequiredProperty("local.server.port", Integer.class), token, path, key, body)
                .map(a -> new Reply(a.status(), a.code(), a.text("topUpId"),
                        a.body().get("balanceFen") == null ? null : ((Number) a.body().get("balanceFen")).longValue(),
                        a.replayed()));
    }

    private Mono<Reply> topUp(String province, String key, long fen, String reference) {
        return post(OPERATOR_A, "/api/v1/settlement/prepaid-funds/" + province + "/top-ups", key,
                Map.of("amountFen", fen, "reference", reference));
    }

    private Reply topUpNow(String province, String key, long fen, String reference) {
        return topUp(province, key, fen, reference).block(WAIT);
    }

    private Mono<Reply> approve(String token, String key, String topUpId) {
        return post(token, "/api/v1/settlement/prepaid-funds/top-ups/" + topUpId + "/approve", key, null);
    }

    private long count(String sql, String value) {
        return db.sql(sql).bind("v", value).map(row -> row.get(0, Long.class)).one().block();
    }

    private long balance(String province) {
        return count("select coalesce((select balance_fen from prepaid_funds where province = :v), 0)::bigint",
                province);
    }

    private long entries(String province) {
        return count("select count(*) from prepaid_journal where province = :v", province);
    }

    private long inFlight(String key) {
        return count("select count(*) from idempotency_key where idem_key = :v and response_body is null", key);
    }

    @Test
    void aTopUpIsRefusedWithoutAKey() {
        Reply refused = topUpNow("120000", null, 100, "no-key");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        String pending = topUpNow("120000", UUID.randomUUID().toString(), LARGE, "no-key-large").topUpId();
        Reply approval = approve(OPERATOR_B, null, pending).block(WAIT);
        assertThat(approval.status()).isEqualTo(400);
        assertThat(approval.code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(balance("120000")).isZero();
    }

    @Test
    void aRetriedTopUpGetsTheStoredAnswerAndStatusMarkedReplayedAndAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        Reply first = topUpNow("130000", key, 5_000, "hb-001");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.replayed()).isNull();
        // Meanwhile the fund moves: the replay still answers what the first request answered.
        assertThat(topUpNow("130000", UUID.randomUUID().toString(), 300, "hb-002").status()).isEqualTo(201);
        Reply again = topUpNow("130000", key, 5_000, "hb-001");
        assertThat(again).isEqualTo(new Reply(201, null, first.topUpId(), first.balanceFen(), "true"));
        for (Reply other : new Reply[] {topUpNow("130000", key, 5_001, "hb-001"), topUpNow("130000", key, 5_000, "hb-003"),
                topUpNow("140000", key, 5_000, "hb-001")}) {
            assertThat(other.status()).isEqualTo(422);
            assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(other.replayed()).isNull();
        }
        assertThat(balance("130000")).isEqualTo(5_300);
        assertThat(entries("130000")).isEqualTo(2);
        assertThat(balance("140000")).isZero();
        // Another key with the same reference and amount is the reference's repeat: 200, nothing moved.
        Reply repeat = topUpNow("130000", UUID.randomUUID().toString(), 5_000, "hb-001");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.topUpId()).isEqualTo(first.topUpId());
        assertThat(balance("130000")).isEqualTo(5_300);
    }

    @Test
    void aRetriedApprovalGetsTheStoredAnswerAndTheKeyOnAnotherTopUpIs422() {
        String pending = topUpNow("150000", UUID.randomUUID().toString(), LARGE, "gd-big-1").topUpId();
        String other = topUpNow("150000", UUID.randomUUID().toString(), LARGE, "gd-big-2").topUpId();
        String key = UUID.randomUUID().toString();
        Reply approved = approve(OPERATOR_B, key, pending).block(WAIT);
        assertThat(approved).isEqualTo(new Reply(200, null, pending, LARGE, null));
        assertThat(approve(OPERATOR_B, key, pending).block(WAIT)).isEqualTo(new Reply(200, null, pending, LARGE, "true"));
        Reply elsewhere = approve(OPERATOR_B, key, other).block(WAIT);
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(elsewhere.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(balance("150000")).isEqualTo(LARGE);
        assertThat(count("select count(*) from top_up_request where top_up_id = cast(:v as uuid) and status = 'PENDING_APPROVAL'",
                other)).isEqualTo(1);
    }

    @Test
    void aDuplicateTopUpWhileTheFirstIsInFlightGets409AtOnceAndNoConnectionWaits() {
        String province = "210000";
        topUpNow(province, UUID.randomUUID().toString(), 1, "gx-open");
        String key = UUID.randomUUID().toString();
        CompletableFuture<Reply> first;
        try (HeldRowLock lock = lockFund(province)) {
            first = topUp(province, key, 900, "gx-slow").toFuture();
            // The first request has claimed its key and now waits on the fund row the test holds.
            await().atMost(WAIT).until(() -> inFlight(key) == 1 && lockWaiters() == 1);
            // Only the first request waits on the lock: the duplicate did not queue behind it with a connection.
            Reply duplicate = HeldRowLock.answeredAtOnce(db, () -> topUp(province, key, 900, "gx-slow").block(WAIT));
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
            assertThat(first).isNotDone();
            Reply other = topUp(province, key, 901, "gx-slow").block(WAIT);
            assertThat(other.status()).isEqualTo(422);
            assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        }
        Reply done = first.join();
        assertThat(done.status()).isEqualTo(201);
        assertThat(done.replayed()).isNull();
        assertThat(topUp(province, key, 900, "gx-slow").block(WAIT))
                .isEqualTo(new Reply(201, null, done.topUpId(), done.balanceFen(), "true"));
        assertThat(balance(province)).isEqualTo(901);
        assertThat(entries(province)).isEqualTo(2);
    }

    @Test
    void aDuplicateApprovalWhileTheFirstIsInFlightGets409AtOnce() {
        String province = "220000";
        String pending = topUpNow(province, UUID.randomUUID().toString(), LARGE, "hi-big").topUpId();
        String key = UUID.randomUUID().toString();
        CompletableFuture<Reply> first;
        try (HeldRowLock lock = lockFund(province)) {
            first = approve(OPERATOR_B, key, pending).toFuture();
            await().atMost(WAIT).until(() -> inFlight(key) == 1 && lockWaiters() == 1);
            Reply duplicate = approve(OPERATOR_B, key, pending).block(WAIT);
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
            assertThat(first).isNotDone();
        }
        assertThat(first.join()).isEqualTo(new Reply(200, null, pending, LARGE, null));
        assertThat(balance(province)).isEqualTo(LARGE);
    }

    @Test
    void keysAreForgottenAfterTheRetention() {
        String key = UUID.randomUUID().toString();
        assertThat(topUpNow("230000", key, 100, "xz-kept").status()).isEqualTo(201);
        assertThat(topUpNow("230000", key, 100, "xz-kept").replayed()).isEqualTo("true");
        db.sql("update idempotency_key set created_at = now() - interval '7 days 1 minute' where idem_key = :k")
                .bind("k", key).fetch().rowsUpdated().block();
        String recent = UUID.randomUUID().toString();
        assertThat(topUpNow("230000", recent, 50, "xz-recent").status()).isEqualTo(201);
        assertThat(purge.pass().block()).isPositive();
        assertThat(count("select count(*) from idempotency_key where idem_key = :v", key)).isZero();
        assertThat(count("select count(*) from idempotency_key where idem_key = :v", recent)).isEqualTo(1);
        // Forgotten: the key is new again, so another body under it is a new top-up, not a 422.
        Reply reused = topUpNow("230000", key, 200, "xz-after");
        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.replayed()).isNull();
        assertThat(balance("230000")).isEqualTo(350);
    }

    /** Holds the province's fund row in an open transaction of the test's own, so a top-up locking it waits. */
    private HeldRowLock lockFund(String province) {
        return HeldRowLock.hold(connections, "select province from prepaid_funds where province = $1 for update",
                province);
    }

    private long lockWaiters() {
        return HeldRowLock.waiters(db);
    }
}
