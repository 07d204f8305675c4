package cn.mutualaid.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Trust in settlement: a large prepaid-fund top-up needs a second CLEARING operator, national figures are for
 * CLEARING and ADMIN, and every change a person makes (close, confirm, top-up, approval) leaves an audit entry.
 */
@MeshTest
class SettlementTrustIT {
    /** Above the default four-eyes threshold of 1,000,000,000 fen. */
    static final long LARGE = 1_000_000_001L;
    @Autowired WebTestClient web;
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;

    static String clearingOperator(String subject) {
        return TestJwt.mint(subject, null, Duration.ofHours(1), "CLEARING");
    }

    WebTestClient.ResponseSpec topUp(String token, String province, long fen, String reference) {
        return web.post().uri("/api/v1/settlement/prepaid-funds/{p}/top-ups", province)
                .headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("amountFen", fen, "reference", reference)).exchange();
    }

    WebTestClient.ResponseSpec post(String token, String path) {
        return web.post().uri(path).headers(h -> h.setBearerAuth(token))
                .header("Idempotency-Key", UUID.randomUUID().toString()).exchange();
    }

    Map<String, Object> body(WebTestClient.ResponseSpec spec) {
        return spec.expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
        }).returnResult().getResponseBody();
    }

    long balance(String province) {
        return db.sql("select coalesce((select balance_fen from prepaid_funds where province = :p), 0)::bigint")
                .bind("p", province).map(row -> row.get(0, Long.class)).one().block();
    }

    List<Object> pendingIds() {
        return web.get().uri("/api/v1/settlement/prepaid-funds/top-ups?size=200")
                .headers(h -> h.setBearerAuth(clearingOperator("clearing-op-b"))).exchange().expectStatus().isOk()
                .expectBodyList(Map.class).returnResult().getResponseBody().stream().map(t -> t.get("topUpId")).toList();
    }

    long journalEntries(String province) {
        return db.sql("select count(*) from prepaid_journal where province = :p").bind("p", province)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    List<Map<String, Object>> audit(String targetId) {
        return db.sql("select action, actor, target_area, changes::text as changes from audit_log where target_id = :t"
                + " order by id").bind("t", targetId).fetch().all().collectList().block();
    }

    @Test
    void oneClearingOperatorAloneCannotCompleteALargeTopUp() {
        // 650000 (Xinjiang) is used by this test only.
        String requester = clearingOperator("clearing-op-a");
        Map<String, Object> pending = body(topUp(requester, "650000", LARGE, "xj-big-1").expectStatus().isAccepted());
        assertThat(pending).containsEntry("topUpStatus", "PENDING_APPROVAL").containsEntry("requestedBy", "clearing-op-a");
        String id = (String) pending.get("topUpId");
        assertThat(body(topUp(requester, "650000", LARGE, "xj-big-1").expectStatus().isAccepted()))
                .containsEntry("topUpId", id);
        topUp(requester, "650000", LARGE + 1, "xj-big-1").expectStatus().isEqualTo(409);

        String approve = "/api/v1/settlement/prepaid-funds/top-ups/" + id + "/approve";
        post(requester, approve).expectStatus().isForbidden().expectBody().jsonPath("$.code")
                .isEqualTo("FOUR_EYES_SAME_OPERATOR");
        post(TestJwt.agency("650000"), approve).expectStatus().isForbidden();
        post(TestJwt.admin(), approve).expectStatus().isForbidden();
        post(clearingOperator("clearing-op-b"), "/api/v1/settlement/prepaid-funds/top-ups/nope/approve")
                .expectStatus().isNotFound();
        assertThat(balance("650000")).isZero();
        assertThat(journalEntries("650000")).isZero();

        assertThat(pendingIds()).contains(id);
        Map<String, Object> done = body(post(clearingOperator("clearing-op-b"), approve).expectStatus().isOk());
        assertThat(pendingIds()).doesNotContain(id);
        assertThat(done).containsEntry("topUpStatus", "COMPLETED").containsEntry("approvedBy", "clearing-op-b");
        assertThat(balance("650000")).isEqualTo(LARGE);
        post(clearingOperator("clearing-op-c"), approve).expectStatus().isOk();
        assertThat(balance("650000")).isEqualTo(LARGE);
        assertThat(journalEntries("650000")).isEqualTo(1);
        assertThat(audit(id)).extracting(e -> e.get("action")).containsExactly("top-up.request", "top-up.approve");
        assertThat(audit(id).get(1)).containsEntry("actor", "clearing-op-b").containsEntry("target_area", "650000");
    }

    @Test
    void aSmallTopUpCompletesAtOnceAndIsAudited() {
        Map<String, Object> done = body(topUp(clearingOperator("clearing-op-a"), "640000", 5_000, "nx-1")
                .expectStatus().isCreated());
        assertThat(done).containsEntry("topUpStatus", "COMPLETED");
        assertThat(balance("640000")).isEqualTo(5_000);
        assertThat(audit((String) done.get("topUpId"))).singleElement()
                .satisfies(e -> assertThat((String) e.get("changes")).contains("COMPLETED"));
    }

    @Test
    void closingAndConfirmingAreAuditedAndNationalFiguresAreForClearingAndAdmin() {
        WalletFeed feed = new WalletFeed(bridge, db);
        Period august = Period.parse("202108");
        feed.send(feed.capture("trust-1", PaymentCategory.MEDICAL_INSTITUTION, august.start().plus(Duration.ofDays(3)),
                new Share("530100", "540100", 4_200)).envelope());

        post(TestJwt.admin(), "/api/v1/settlement/periods/202108/close").expectStatus().isForbidden();
        post(clearingOperator("clearing-op-a"), "/api/v1/settlement/periods/202108/close").expectStatus().isAccepted();
        post(clearingOperator("clearing-op-b"), "/api/v1/settlement/periods/202108/close").expectStatus().isAccepted();
        assertThat(audit("202108")).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("action", "period.close").containsEntry("actor", "clearing-op-a"));

        for (String national : List.of(TestJwt.admin(), TestJwt.clearing())) {
            for (String path : List.of("/api/v1/settlement/periods/202108/positions",
                    "/api/v1/settlement/stats?from=2021-08-01&to=2021-08-31", "/api/v1/settlement/periods/202108",
                    "/api/v1/settlement/periods/202108/statements")) {
                web.get().uri(path).headers(h -> h.setBearerAuth(national)).exchange().expectStatus().isOk();
            }
        }
        for (String outsider : List.of(TestJwt.agency("530000"), TestJwt.agency("530100"), TestJwt.insured("p"))) {
            web.get().uri("/api/v1/settlement/periods/202108/positions").headers(h -> h.setBearerAuth(outsider))
                    .exchange().expectStatus().isForbidden();
            web.get().uri("/api/v1/settlement/stats?from=2021-08-01&to=2021-08-31")
                    .headers(h -> h.setBearerAuth(outsider)).exchange().expectStatus().isForbidden();
        }

        String confirm = "/api/v1/settlement/periods/202108/statements/530000/confirm";
        post(TestJwt.agency("540000"), confirm).expectStatus().isForbidden();
        post(TestJwt.agency("530000"), confirm).expectStatus().isOk();
        post(TestJwt.agency("530000"), confirm).expectStatus().isOk();
        assertThat(audit("202108/530000")).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("action", "statement.confirm").containsEntry("actor", "agency-530000")
                .containsEntry("target_area", "530000"));
    }
}
