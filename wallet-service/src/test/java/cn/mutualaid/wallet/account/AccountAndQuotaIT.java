package cn.mutualaid.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.relation.RelationDissolving;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Accounts from registry events, agency credits, reads, quotas and their freezes. */
@MeshTest
class AccountAndQuotaIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    private Map<String, Object> get(String uri, String token, Object... vars) {
        return web.get().uri(uri, vars).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    @Test
    void employeeEnrollmentOpensAnEmptyAccountAndResidentsGetNone() {
        String employee = w.employee("320500", 0);
        assertThat(w.account(employee)).containsExactly(0L, 0L);
        Map<String, Object> account = get("/api/v1/accounts/{p}", TestJwt.insured(employee), employee);
        assertThat(account).containsEntry("poolingArea", "320500").containsEntry("balanceFen", 0)
                .containsEntry("availableFen", 0);

        String resident = w.enrol(Scheme.RESIDENT, "410100");
        assertThat(w.count("select count(*) from account where person_id = :id", resident)).isZero();
        web.get().uri("/api/v1/accounts/{p}", resident).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(resident))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void terminationAndTransferUpdateThePersonButNotTheAccountArea() {
        String person = w.employee("320500", 1000);
        w.publish(Topics.REGISTRY_EVENTS, new InsuranceTransferred("t-" + UUID.randomUUID(), person, Scheme.EMPLOYEE,
                Scheme.EMPLOYEE, "320500", "320000", "410100", "410000", Instant.now()), person);
        await().atMost(Wallet.WAIT).until(() -> "410100".equals(db.sql("select pooling_area from person where person_id = :p")
                .bind("p", person).map(r -> r.get(0, String.class)).one().block()));
        assertThat(get("/api/v1/accounts/{p}", TestJwt.insured(person), person)).containsEntry("poolingArea", "320500")
                .containsEntry("balanceFen", 1000);

        String residentToEmployee = w.enrol(Scheme.RESIDENT, "510100");
        w.publish(Topics.REGISTRY_EVENTS, new InsuranceTransferred("t-" + UUID.randomUUID(), residentToEmployee,
                Scheme.RESIDENT, Scheme.EMPLOYEE, "510100", "510000", "320500", "320000", Instant.now()), residentToEmployee);
        await().atMost(Wallet.WAIT).until(() -> w.count("select count(*) from account where person_id = :id", residentToEmployee) == 1);
        assertThat(db.sql("select pooling_area from account where person_id = :p").bind("p", residentToEmployee)
                .map(r -> r.get(0, String.class)).one().block()).isEqualTo("510100");

        w.publish(Topics.REGISTRY_EVENTS, new InsuranceTerminated(person, Scheme.EMPLOYEE, "410100", "410000", "left", Instant.now()), person);
        await().atMost(Wallet.WAIT).until(() -> w.count("select count(*) from person where person_id = :id and status = 'TERMINATED'", person) == 1);
        assertThat(w.account(person)).containsExactly(1000L, 0L);
    }

    @Test
    void creditsAreOncePerReferenceAndOnlyByTheAreasAgency() {
        String person = w.employee("320500", 0);
        Map<String, Object> first = w.credit(person, "320500", 5000, "2026-01").expectStatus().isCreated()
                .expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(first).containsEntry("balanceFen", 5000);
        Map<String, Object> again = w.credit(person, "320500", 5000, "2026-01").expectStatus().isCreated()
                .expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        w.credit(person, "320500", 4000, "2026-01").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("REFERENCE_REUSED");
        w.credit(person, "410100", 100, "other-area").expectStatus().isNotFound();
        w.credit(person, "320000", 700, "province").expectStatus().isCreated();
        w.credit(person, "320500", 0, "zero").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        web.post().uri("/api/v1/accounts/{p}/credits", person).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person))
                .bodyValue(Map.of("amountFen", 100, "reference", "self")).exchange().expectStatus().isForbidden();
        assertThat(w.account(person)).containsExactly(5700L, 0L);

        List<Map<String, Object>> journal = web.get().uri("/api/v1/accounts/{p}/journal?size=5", person)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.agency("320500"))
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON_LIST).returnResult().getResponseBody();
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0)).containsEntry("reference", "province").containsEntry("availableDeltaFen", 700);
        assertThat(journal.get(1)).containsEntry("reference", "2026-01").containsEntry("kind", "CREDIT");

        String stranger = w.employee("320500", 0);
        web.get().uri("/api/v1/accounts/{p}", person).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(stranger))
                .exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/accounts/{p}/journal", person).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.agency("410100"))
                .exchange().expectStatus().isNotFound();
        w.assertLedgerOk();
    }

    @Test
    void amountsAreBoundedWholeFenAndABalanceNeverPassesItsCeiling() {
        String person = w.employee("320500", 0);
        for (String amount : new String[] {"100.9", "100.0", "1e2", "\"100\"", "true", "[]", "{}"}) {
            web.post().uri("/api/v1/accounts/{p}/credits", person)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.agency("320500"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"amountFen\": " + amount + ", \"reference\": \"x\"}").exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        }
        for (long fen : new long[] {Long.MAX_VALUE, Fen.MAX + 1, -1, Long.MIN_VALUE}) {
            w.credit(person, "320500", fen, "edge").expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        w.credit(person, "320500", 1, "a\u0000b").expectStatus().isEqualTo(422);
        w.credit(person, "320500", 1, "\u3000").expectStatus().isEqualTo(422);
        String child = w.employee("320500", 0);
        String relation = w.relation(person, child);
        w.setQuota(person, relation, Long.MAX_VALUE).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        w.setQuota(person, relation, -1).expectStatus().isEqualTo(422);
        assertThat(w.account(person)).containsExactly(0L, 0L);

        // An account just below the ceiling (set directly, restored after): a credit past it is refused, whole.
        db.sql("update account set balance_fen = :b where person_id = :p").bind("b", Fen.MAX_BALANCE - 5)
                .bind("p", person).fetch().rowsUpdated().block();
        try {
            w.credit(person, "320500", 6, "past-the-ceiling").expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("BALANCE_LIMIT");
            assertThat(w.account(person)).containsExactly(Fen.MAX_BALANCE - 5, 0L);
            assertThat(w.count("select count(*) from credit where person_id = :id", person)).isZero();
        } finally {
            db.sql("update account set balance_fen = 0 where person_id = :p").bind("p", person)
                    .fetch().rowsUpdated().block();
        }
        w.assertLedgerOk();
    }

    @Test
    void idsOfAnotherShapeInThePathAre404() {
        String person = w.employee("320500", 0);
        for (String id : new String[] {"a'b", "x y", "p".repeat(65), "\u202Ep"}) {
            web.get().uri("/api/v1/accounts/{p}", id).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person))
                    .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
            web.get().uri("/api/v1/payments/{p}", id).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person))
                    .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        }
        web.get().uri("/api/v1/quotas?page=2147483647").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person))
                .exchange().expectStatus().isEqualTo(422);
    }

    @Test
    void aQuotaFreezesWhatIsAvailableAndUnfreezesWhenLowered() {
        String parent = w.employee("320500", 10_000);
        String child = w.employee("320500", 0);
        String relation = w.relation(parent, child);

        Map<String, Object> quota = w.setQuota(parent, relation, 6000).expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(quota).containsEntry("grantedFen", 6000).containsEntry("usedFen", 0).containsEntry("remainingFen", 6000);
        assertThat(w.account(parent)).containsExactly(10_000L, 6000L);
        assertThat(get("/api/v1/accounts/{p}", TestJwt.insured(parent), parent)).containsEntry("availableFen", 4000);

        w.setQuota(parent, relation, 10_001).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(w.account(parent)).containsExactly(10_000L, 6000L);

        w.setQuota(parent, relation, 10_000).expectStatus().isOk();
        assertThat(w.account(parent)).containsExactly(10_000L, 10_000L);
        w.setQuota(parent, relation, 2500).expectStatus().isOk().expectBody().jsonPath("$.remainingFen").isEqualTo(2500);
        assertThat(w.account(parent)).containsExactly(10_000L, 2500L);

        w.setQuota(child, relation, 100).expectStatus().isForbidden();
        w.setQuota(w.employee("320500", 0), relation, 100).expectStatus().isNotFound();
        w.setQuota(parent, "rel-never-seen-" + UUID.randomUUID(), 100).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("RELATION_NOT_ACTIVE");
        w.setQuota(parent, relation, -1).expectStatus().isEqualTo(422);

        List<Map<String, Object>> given = web.get().uri("/api/v1/quotas").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(parent))
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON_LIST).returnResult().getResponseBody();
        assertThat(given).hasSize(1);
        assertThat(given.get(0)).containsEntry("role", "GIVEN").containsEntry("grantedFen", 2500);
        List<Map<String, Object>> received = web.get().uri("/api/v1/quotas").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(child))
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON_LIST).returnResult().getResponseBody();
        assertThat(received.get(0)).containsEntry("role", "RECEIVED");

        assertThat(db.sql("select type from outbox where aggregate_id = :r order by id").bind("r", relation)
                .map(r -> r.get(0, String.class)).all().collectList().block())
                .containsExactly("QuotaGranted", "QuotaAdjusted", "QuotaAdjusted");

        w.publish(Topics.RELATION_EVENTS, new RelationDissolving(relation, "saga-1", parent, child, "REQUESTED", Instant.now()), relation);
        await().atMost(Wallet.WAIT).until(() -> w.count("select count(*) from relation where relation_id = :id and status = 'DISSOLVING'", relation) == 1);
        w.setQuota(parent, relation, 3000).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("RELATION_NOT_ACTIVE");
        assertThat(w.quotaOf(relation)[0]).isEqualTo(2500);
        w.assertLedgerOk();
    }
}
