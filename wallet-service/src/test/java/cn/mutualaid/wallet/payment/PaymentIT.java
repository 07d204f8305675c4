package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.relation.RelationDissolving;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.contracts.wallet.PaymentVoided;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.code.PaymentCodes;
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
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Two-phase payments, refunds, idempotency and every refusal, through HTTP on real PostgreSQL and Kafka. */
@MeshTest
class PaymentIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired HoldSweeper sweeper;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    private <T> T lastEvent(String aggregateId, Class<T> type) {
        String json = db.sql("select envelope from outbox where aggregate_id = :a and type = :t order by id desc limit 1")
                .bind("a", aggregateId).bind("t", Contracts.contractOf(type).type())
                .map(r -> r.get(0, String.class)).one().block();
        return Contracts.mapper().readValue(json, Envelope.class).payloadAs(type);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lines(Map<String, Object> payment) {
        return (List<Map<String, Object>>) payment.get("lines");
    }

    @Test
    void authorizeThenCaptureSplitsAcrossBenefactorsOldestGrantFirst() {
        String father = w.employee("320500", 10_000);   // Suzhou, Jiangsu
        String aunt = w.employee("410100", 10_000);     // Zhengzhou, Henan
        String son = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String fromFather = w.quota(father, son, 3000);
        String fromAunt = w.quota(aunt, son, 5000);

        Map<String, Object> payment = w.paid(hospital, son, 4000, PaymentCategory.MEDICAL_INSTITUTION, false);
        assertThat(payment).containsEntry("status", "AUTHORIZED").containsEntry("amountFen", 4000);
        assertThat(lines(payment)).extracting(l -> l.get("benefactorId"), l -> l.get("amountFen"), l -> l.get("scope"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(father, 3000, "SAME_AREA"),
                        org.assertj.core.groups.Tuple.tuple(aunt, 1000, "CROSS_PROVINCE"));
        // Held money stays frozen; nothing left the accounts yet.
        assertThat(w.quotaOf(fromFather)).containsExactly(3000L, 0L, 3000L, 0L);
        assertThat(w.account(father)).containsExactly(10_000L, 3000L);

        String id = (String) payment.get("paymentId");
        w.action("other-provider", id, "capture").expectStatus().isNotFound();
        Map<String, Object> captured = w.action(hospital, id, "capture").expectStatus().isOk()
                .expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(captured).containsEntry("status", "CAPTURED");
        w.action(hospital, id, "capture").expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("PAYMENT_NOT_AUTHORIZED");
        w.action(hospital, id, "void").expectStatus().isEqualTo(409);

        assertThat(w.account(father)).containsExactly(7000L, 0L);
        assertThat(w.account(aunt)).containsExactly(9000L, 4000L);
        // A quota never goes below what was spent from it.
        w.setQuota(aunt, fromAunt, 999).expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("QUOTA_BELOW_USED");
        assertThat(w.account(aunt)).containsExactly(9000L, 4000L);
        assertThat(w.quotaOf(fromAunt)).containsExactly(5000L, 1000L, 0L, 0L);
        PaymentCaptured event = lastEvent(id, PaymentCaptured.class);
        assertThat(event.amountFen()).isEqualTo(4000);
        assertThat(event.lines()).extracting(l -> l.fundProvince() + ">" + l.spendProvince())
                .containsExactly("320000>320000", "410000>320000");

        // Everyone involved may read it; others may not.
        for (String token : List.of(TestJwt.provider(hospital), TestJwt.insured(son), TestJwt.agency("410100"), TestJwt.agency("320000"))) {
            web.get().uri("/api/v1/payments/{id}", id).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().expectStatus().isOk();
        }
        for (String token : List.of(TestJwt.provider("prov-x"), TestJwt.insured(father), TestJwt.agency("510100"))) {
            web.get().uri("/api/v1/payments/{id}", id).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().expectStatus().isNotFound();
        }
        w.assertLedgerOk();
    }

    @Test
    void voidReturnsTheHoldAndRefundsGoBackToTheQuotaOrToTheBenefactor() {
        String mother = w.employee("320500", 10_000);
        String daughter = w.enrol(Scheme.RESIDENT, "320500");
        String pharmacy = w.provider(ProviderType.RETAIL_PHARMACY, "320500");
        String relation = w.quota(mother, daughter, 6000);

        Map<String, Object> held = w.paid(pharmacy, daughter, 2000, PaymentCategory.RETAIL_PHARMACY, false);
        // With an Idempotency-Key, a retried void gets the first answer again; without one, the state refuses it.
        for (int attempt = 0; attempt < 2; attempt++) {
            web.post().uri("/api/v1/payments/{id}/void", held.get("paymentId"))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(pharmacy)).header("Idempotency-Key", "void-1")
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("VOIDED");
        }
        w.action(pharmacy, (String) held.get("paymentId"), "void").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("PAYMENT_NOT_AUTHORIZED");
        assertThat(w.count("select count(*) from outbox where aggregate_id = :id and type = 'PaymentVoided'", held.get("paymentId"))).isEqualTo(1);
        assertThat(w.quotaOf(relation)).containsExactly(6000L, 0L, 0L, 0L);
        assertThat(lastEvent((String) held.get("paymentId"), PaymentVoided.class).reason()).isEqualTo("PROVIDER");

        Map<String, Object> paid = w.paid(pharmacy, daughter, 2500, PaymentCategory.RETAIL_PHARMACY, true);
        String id = (String) paid.get("paymentId");
        assertThat(paid).containsEntry("status", "CAPTURED");
        assertThat(w.account(mother)).containsExactly(7500L, 3500L);

        w.refund(pharmacy, id, "r1", 1000).expectStatus().isCreated().expectBody()
                .jsonPath("$.refundedFen").isEqualTo(1000).jsonPath("$.refunds.length()").isEqualTo(1);
        // Back into the quota: frozen again, spendable again.
        assertThat(w.quotaOf(relation)).containsExactly(6000L, 1500L, 0L, 0L);
        assertThat(w.account(mother)).containsExactly(8500L, 4500L);
        w.refund(pharmacy, id, "r1", 1000).expectStatus().isCreated().expectBody().jsonPath("$.refundedFen").isEqualTo(1000);
        w.refund(pharmacy, id, "r2", 1501).expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("REFUND_EXCEEDS_CAPTURED");
        w.refund("prov-other", id, "r3", 100).expectStatus().isNotFound();
        w.refund(pharmacy, (String) held.get("paymentId"), "r4", 100).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("PAYMENT_NOT_CAPTURED");

        // Once the relationship is ending, a refund goes straight to the benefactor's available balance.
        w.publish(Topics.RELATION_EVENTS, new RelationDissolving(relation, "saga", mother, daughter, "REQUESTED", Instant.now()), relation);
        await().atMost(Wallet.WAIT).until(() -> w.count("select count(*) from quota where relation_id = :id and status = 'DISSOLVING'", relation) == 1);
        w.refund(pharmacy, id, "r5", 1500).expectStatus().isCreated().expectBody().jsonPath("$.refundedFen").isEqualTo(2500);
        assertThat(w.account(mother)).containsExactly(10_000L, 4500L);
        assertThat(w.quotaOf(relation)).containsExactly(6000L, 0L, 0L, 1500L);
        PaymentRefunded refunded = lastEvent(id, PaymentRefunded.class);
        assertThat(refunded.amountFen()).isEqualTo(1500);
        assertThat(refunded.lines()).extracting(l -> l.amountFen()).containsExactly(1500L);
        w.assertLedgerOk();
    }

    @Test
    void sameKeyAndBodyGivesTheSamePaymentOnceAndAnotherBodyIsRefused() {
        String parent = w.employee("320500", 10_000);
        String child = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String relation = w.quota(parent, child, 5000);
        String code = w.code(child);
        String key = UUID.randomUUID().toString();

        Map<String, Object> first = w.pay(hospital, key, code, child, 1200, PaymentCategory.MEDICAL_INSTITUTION, true)
                .expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
        Map<String, Object> again = w.pay(hospital, key, code, child, 1200, PaymentCategory.MEDICAL_INSTITUTION, true)
                .expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        assertThat(w.count("select count(*) from payment where patient_id = :id", child)).isEqualTo(1);
        assertThat(w.quotaOf(relation)[1]).isEqualTo(1200);

        w.pay(hospital, key, code, child, 1300, PaymentCategory.MEDICAL_INSTITUTION, true)
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        // Another provider's key space is its own.
        String other = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.pay(other, key, w.code(child), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true).expectStatus().isCreated();

        web.post().uri("/api/v1/payments").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                .bodyValue(Map.of("paymentCode", w.code(child), "patientId", child, "amountFen", 100,
                        "category", "MEDICAL_INSTITUTION", "capture", true))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(w.quotaOf(relation)[1]).isEqualTo(1300);
        w.assertLedgerOk();
    }

    @Test
    void everyRefusalLeavesBalancesUnchanged() {
        String parent = w.employee("320500", 10_000);
        String child = w.employee("320500", 0);
        String stranger = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String pharmacy = w.provider(ProviderType.RETAIL_PHARMACY, "320500");
        String relation = w.quota(parent, child, 3000);
        long[] account = w.account(parent);
        long[] quota = w.quotaOf(relation);

        String code = w.code(child);
        refused(w.pay("prov-not-designated", key(), code, child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "PROVIDER_NOT_DESIGNATED");
        refused(w.pay(pharmacy, key(), code, child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "CATEGORY_NOT_ALLOWED");
        refused(w.pay(hospital, key(), code, child, 100, PaymentCategory.RETAIL_PHARMACY, true), "CATEGORY_NOT_ALLOWED");
        // The child is EMPLOYEE-insured: a resident-insurance contribution is not theirs to pay.
        refused(w.pay(hospital, key(), code, child, 100, PaymentCategory.RESIDENT_CONTRIBUTION, true), "CATEGORY_NOT_ALLOWED");
        refused(w.pay(hospital, key(), "not-a-code", child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "PAYMENT_CODE_INVALID");
        refused(w.pay(hospital, key(), w.code(stranger), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "PATIENT_NOT_CODE_OWNER");
        refused(w.pay(hospital, key(), code, child, 3001, PaymentCategory.MEDICAL_INSTITUTION, true), "QUOTA_INSUFFICIENT");
        // The stranger has no quota at all.
        refused(w.pay(hospital, key(), w.code(stranger), stranger, 1, PaymentCategory.MEDICAL_INSTITUTION, true), "QUOTA_INSUFFICIENT");

        String expired = w.code(child);
        db.sql("update payment_code set expires_at = now() - interval '1 second' where code_hash = :h")
                .bind("h", PaymentCodes.hash(expired)).fetch().rowsUpdated().block();
        refused(w.pay(hospital, key(), expired, child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "PAYMENT_CODE_EXPIRED");

        // The refused payments above did not use the code up.
        w.pay(hospital, key(), code, child, 100, PaymentCategory.MEDICAL_INSTITUTION, false).expectStatus().isCreated();
        refused(w.pay(hospital, key(), code, child, 100, PaymentCategory.MEDICAL_INSTITUTION, false), "PAYMENT_CODE_USED");
        assertThat(w.quotaOf(relation)).containsExactly(quota[0], quota[1], 100L, quota[3]);
        assertThat(w.account(parent)).containsExactly(account);

        w.pay(hospital, key(), w.code(child), child, 0, PaymentCategory.MEDICAL_INSTITUTION, true).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        web.post().uri("/api/v1/payments").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(child))
                .header("Idempotency-Key", key()).bodyValue(Map.of("paymentCode", code, "patientId", child, "amountFen", 1,
                        "category", "MEDICAL_INSTITUTION", "capture", true))
                .exchange().expectStatus().isForbidden();

        // A DISSOLVING relationship is skipped: nothing left to pay from.
        w.publish(Topics.RELATION_EVENTS, new RelationDissolving(relation, "saga", parent, child, "REQUESTED", Instant.now()), relation);
        await().atMost(Wallet.WAIT).until(() -> w.count("select count(*) from quota where relation_id = :id and status = 'DISSOLVING'", relation) == 1);
        refused(w.pay(hospital, key(), w.code(child), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "QUOTA_INSUFFICIENT");
        assertThat(w.account(parent)).containsExactly(account);
        w.assertLedgerOk();
    }

    @Test
    void contributionsAreSpentInThePatientsInsuredArea() {
        String grandmother = w.employee("320500", 100_000);
        String grandson = w.enrol(Scheme.RESIDENT, "510100");
        String hall = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.quota(grandmother, grandson, 50_000);
        // Each at its 2025 standard (ContributionIT covers the contribution rules themselves).
        Map<String, Object> paid = contribution(hall, grandson, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION);
        assertThat(lines(paid).get(0)).containsEntry("spendPoolingArea", "510100").containsEntry("fundPoolingArea", "320500")
                .containsEntry("scope", "CROSS_PROVINCE");
        Map<String, Object> ltc = contribution(hall, grandson, 5_000, PaymentCategory.LTC_CONTRIBUTION);
        assertThat(lines(ltc).get(0)).containsEntry("spendProvince", "510000");
    }

    private Map<String, Object> contribution(String provider, String patient, long fen, PaymentCategory category) {
        return w.post("/api/v1/payments", provider, key(), ContributionIT.body(w.code(patient), patient, fen, category,
                2025, true)).expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    @Test
    void expiredHoldsAreVoidedBySweeper() {
        String parent = w.employee("320500", 5000);
        String child = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String relation = w.quota(parent, child, 5000);
        Map<String, Object> held = w.paid(hospital, child, 1800, PaymentCategory.MEDICAL_INSTITUTION, false);
        String id = (String) held.get("paymentId");
        db.sql("update payment set expires_at = now() - interval '1 second' where payment_id = :id::uuid")
                .bind("id", id).fetch().rowsUpdated().block();

        w.action(hospital, id, "capture").expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("PAYMENT_NOT_AUTHORIZED");
        await().atMost(Wallet.WAIT).until(() -> {
            sweeper.sweepOnce().block();
            return w.count("select count(*) from payment where payment_id = :id::uuid and status = 'VOIDED'", id) == 1;
        });
        assertThat(w.quotaOf(relation)).containsExactly(5000L, 0L, 0L, 0L);
        assertThat(lastEvent(id, PaymentVoided.class).reason()).isEqualTo("EXPIRED");
        w.assertLedgerOk();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static void refused(WebTestClient.ResponseSpec response, String code) {
        response.expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo(code);
    }
}
