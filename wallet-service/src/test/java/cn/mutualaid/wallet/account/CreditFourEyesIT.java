package cn.mutualaid.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Credits are not a free money tap: above the four-eyes threshold (1,000,000 fen by default) a credit waits, with no
 * money moved, until a second operator of the same area approves it; the request and the approval are audited.
 */
@MeshTest
class CreditFourEyesIT {
    static final long LARGE = 1_000_001;
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;

    @BeforeEach
    void wallet() {
        w = new Wallet(web, db, bridge);
    }

    static String operator(String subject, String area) {
        return TestJwt.mint(subject, area, Duration.ofHours(1), "AGENCY");
    }

    WebTestClient.ResponseSpec credit(String token, String person, long fen, String reference, String kind) {
        Map<String, Object> body = kind == null ? Map.of("amountFen", fen, "reference", reference)
                : Map.of("amountFen", fen, "reference", reference, "kind", kind);
        return web.post().uri("/api/v1/accounts/{p}/credits", person).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec approve(String token, String creditId) {
        return web.post().uri("/api/v1/credits/{id}/approve", creditId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString()).exchange();
    }

    Map<String, Object> body(WebTestClient.ResponseSpec spec) {
        return spec.expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    List<Object> pendingIds(String token) {
        return web.get().uri("/api/v1/credits?size=200").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON_LIST).returnResult().getResponseBody()
                .stream().map(c -> c.get("creditId")).toList();
    }

    long journalEntries(String person) {
        return w.count("select count(*) from posting where person_id = :id", person);
    }

    long credited(String person) {
        return w.count("select count(*) from outbox where type = 'AccountCredited' and aggregate_id = :id", person);
    }

    List<Map<String, Object>> audit(String creditId) {
        return db.sql("select action, actor, target_area, changes::text as changes from audit_log where target_id = :t"
                + " order by id").bind("t", creditId).fetch().all().collectList().block();
    }

    @Test
    void aSmallCreditCompletesAtOnceAsAnAllocationAndIsAudited() {
        String person = w.employee("320500", 0);
        Map<String, Object> credit = body(credit(operator("op-a", "320500"), person, 1_000_000, "2026-02", null)
                .expectStatus().isCreated());
        assertThat(credit).containsEntry("status", "COMPLETED").containsEntry("kind", "ALLOCATION")
                .containsEntry("balanceFen", 1_000_000).containsEntry("requestedBy", "op-a");
        assertThat(w.account(person)).containsExactly(1_000_000L, 0L);
        assertThat(audit((String) credit.get("creditId"))).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("action", "credit.request").containsEntry("actor", "op-a")
                .containsEntry("target_area", "320500"));
    }

    @Test
    void oneOperatorAloneCannotCompleteALargeCredit() {
        String person = w.employee("320500", 0);
        String requester = operator("op-a", "320500");
        Map<String, Object> pending = body(credit(requester, person, LARGE, "fix-1", "CORRECTION")
                .expectStatus().isAccepted());
        assertThat(pending).containsEntry("status", "PENDING_APPROVAL").containsEntry("kind", "CORRECTION");
        assertThat(pending.get("balanceFen")).isNull();
        String id = (String) pending.get("creditId");

        // Asking again is the same pending request; approving one's own is refused; nothing moved.
        assertThat(body(credit(requester, person, LARGE, "fix-1", "CORRECTION").expectStatus().isAccepted()))
                .containsEntry("creditId", id);
        approve(requester, id).expectStatus().isForbidden().expectBody().jsonPath("$.code")
                .isEqualTo("FOUR_EYES_SAME_OPERATOR");
        credit(requester, person, LARGE, "fix-1", "ALLOCATION").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("REFERENCE_REUSED");
        assertThat(w.account(person)).containsExactly(0L, 0L);
        assertThat(journalEntries(person)).isZero();
        assertThat(credited(person)).isZero();
    }

    @Test
    void anotherAreaCannotApproveAndAnotherOperatorOfTheAreaCompletesItOnce() {
        String person = w.employee("320500", 0);
        String id = (String) body(credit(operator("op-a", "320500"), person, LARGE, "alloc-big", null)
                .expectStatus().isAccepted()).get("creditId");

        for (String outsider : List.of(operator("op-x", "410100"), operator("op-y", "410000"),
                operator("op-z", "320100"), TestJwt.clearing())) {
            approve(outsider, id).expectStatus().value(status -> assertThat(status).isIn(403, 404));
        }
        approve(operator("op-x", "410100"), id).expectStatus().isNotFound();
        approve(operator("op-b", "320500"), "not-a-credit").expectStatus().isNotFound();
        assertThat(w.account(person)).containsExactly(0L, 0L);

        // Operators of the area find what waits for them; other areas do not see it.
        assertThat(pendingIds(operator("op-b", "320500"))).contains(id);
        assertThat(pendingIds(operator("op-y", "410000"))).doesNotContain(id);

        // A province operator administers Suzhou too: a second pair of eyes of the same area.
        Map<String, Object> approved = body(approve(operator("op-b", "320000"), id).expectStatus().isOk());
        assertThat(approved).containsEntry("status", "COMPLETED").containsEntry("approvedBy", "op-b")
                .containsEntry("balanceFen", (int) LARGE);
        assertThat(w.account(person)).containsExactly(LARGE, 0L);
        assertThat(credited(person)).isEqualTo(1);

        assertThat(pendingIds(operator("op-b", "320500"))).doesNotContain(id);
        approve(operator("op-c", "320500"), id).expectStatus().isOk();
        assertThat(w.account(person)).containsExactly(LARGE, 0L);
        assertThat(credited(person)).isEqualTo(1);
        assertThat(audit(id)).extracting(e -> e.get("action")).containsExactly("credit.request", "credit.approve");
        assertThat(audit(id).get(1)).containsEntry("actor", "op-b").containsEntry("target_area", "320500");
        assertThat((String) audit(id).get(0).get("changes")).contains("PENDING_APPROVAL");
        w.assertLedgerOk();
    }

    @Test
    void aQuotaChangeIsAudited() {
        String parent = w.employee("320500", 10_000);
        String child = w.employee("320500", 0);
        String relation = w.quota(parent, child, 3000);
        w.setQuota(parent, relation, 2000).expectStatus().isOk();
        List<Map<String, Object>> entries = db.sql("select action, actor, target_area, changes::text as changes"
                + " from audit_log where target_type = 'quota' and target_id = :t order by id").bind("t", relation)
                .fetch().all().collectList().block();
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("quota.set", "quota.set");
        assertThat(entries.get(1)).containsEntry("actor", parent).containsEntry("target_area", "320500");
        assertThat((String) entries.get(1).get("changes")).contains("\"grantedFen\": 2000").contains("\"fromGrantedFen\": 3000");
    }
}
