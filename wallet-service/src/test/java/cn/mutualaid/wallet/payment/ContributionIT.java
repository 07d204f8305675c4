package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.payment.store.ContributionStore;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Resident and long-term-care contributions (docs/domain.md rule 14): one person-year at that year's standard, once
 * unless voided or refunded in full; every refusal changes nothing. Standards: the service's national table (resident
 * 2024 38000 and 2025 40000 fen, LTC 5000) and the test configuration's overrides for 330100 and province 440000.
 */
@MeshTest
class ContributionIT {
    static final String PAYMENTS = "/api/v1/payments";
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired Environment env;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    /** A resident-insured patient with a quota of {@code fen} from a benefactor in the same area; [patient, relation]. */
    private String[] residentWithQuota(String area, long fen) {
        String benefactor = w.employee(area, 200_000);
        String patient = w.enrol(Scheme.RESIDENT, area);
        return new String[] {patient, w.quota(benefactor, patient, fen)};
    }

    static Map<String, Object> body(String code, String patient, long fen, PaymentCategory category, Integer year,
            boolean capture) {
        Map<String, Object> body = new HashMap<>(Map.of("paymentCode", code, "patientId", patient, "amountFen", fen,
                "category", category.name(), "capture", capture));
        if (year != null) {
            body.put("contributionYear", year);
        }
        return body;
    }

    private WebTestClient.ResponseSpec contribute(String provider, String patient, long fen, PaymentCategory category,
            Integer year, boolean capture) {
        return w.post(PAYMENTS, provider, UUID.randomUUID().toString(),
                body(w.code(patient), patient, fen, category, year, capture));
    }

    private Map<String, Object> paid(String provider, String patient, long fen, PaymentCategory category, int year,
            boolean capture) {
        return contribute(provider, patient, fen, category, year, capture).expectStatus().isCreated()
                .expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    private void refused(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status).expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private long payments(String patient) {
        return w.count("select count(*) from payment where patient_id = :id", patient);
    }

    @Test
    void aResidentContributionPaysOnePersonYearAtItsStandardOnce() {
        String[] p = residentWithQuota("320500", 100_000);
        String patient = p[0];
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");

        Map<String, Object> payment = paid(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true);
        assertThat(payment).containsEntry("status", "CAPTURED").containsEntry("contributionYear", 2025)
                .containsEntry("category", "RESIDENT_CONTRIBUTION");
        assertThat(w.count("select contribution_year::bigint from payment where payment_id = :id::uuid",
                payment.get("paymentId"))).isEqualTo(2025);
        // Another year is another contribution, at that year's standard.
        paid(hospital, patient, 38_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2024, true);

        // The same person-year again: 409, and nothing changed, the code stays usable.
        String code = w.code(patient);
        String key = UUID.randomUUID().toString();
        refused(w.post(PAYMENTS, hospital, key, body(code, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION,
                2025, true)), 409, "CONTRIBUTION_ALREADY_PAID");
        assertThat(payments(patient)).isEqualTo(2);
        assertThat(w.quotaOf(p[1])).containsExactly(100_000L, 78_000L, 0L, 0L);
        assertThat(w.count("select count(*) from payment_code where person_id = :id and used_at is null", patient))
                .isEqualTo(1);
        assertThat(w.count("select count(*) from idempotency_key where idem_key = :id", key)).isZero();
        w.paid(hospital, patient, 500, PaymentCategory.MEDICAL_INSTITUTION, true);
        w.assertLedgerOk();
    }

    @Test
    void everyContributionRefusalHasItsOwnCodeAndChangesNothing() {
        String[] p = residentWithQuota("320500", 100_000);
        String patient = p[0];
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");

        refused(contribute(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, null, true), 422,
                "CONTRIBUTION_YEAR_REQUIRED");
        refused(contribute(hospital, patient, 5_000, PaymentCategory.LTC_CONTRIBUTION, null, true), 422,
                "CONTRIBUTION_YEAR_REQUIRED");
        refused(contribute(hospital, patient, 1_000, PaymentCategory.MEDICAL_INSTITUTION, 2025, true), 422,
                "CONTRIBUTION_YEAR_NOT_APPLICABLE");
        refused(contribute(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2019, true), 422,
                "CONTRIBUTION_YEAR_UNKNOWN");
        for (long fen : new long[] {39_999, 40_001, 38_000}) {
            contribute(hospital, patient, fen, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true)
                    .expectStatus().isEqualTo(422).expectBody()
                    .jsonPath("$.code").isEqualTo("CONTRIBUTION_AMOUNT_MISMATCH")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("40000 fen"));
        }
        // A year of an unexpected form is not read at all.
        refused(contribute(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 20_250, true), 422,
                "VALIDATION_FAILED");
        assertThat(payments(patient)).isZero();
        assertThat(w.quotaOf(p[1])).containsExactly(100_000L, 0L, 0L, 0L);
        assertThat(w.count("select count(*) from payment_code where person_id = :id and used_at is not null", patient))
                .isZero();
    }

    @Test
    void theStandardIsThePatientsAreasOwnElseItsProvincesElseTheNationalOne() {
        String[] hangzhou = residentWithQuota("330100", 100_000);
        String[] shenzhen = residentWithQuota("440300", 100_000);
        // The contribution counts in the patient's own area, whatever the provider's area is.
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");

        refused(contribute(hospital, hangzhou[0], 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true), 422,
                "CONTRIBUTION_AMOUNT_MISMATCH");
        assertThat(paid(hospital, hangzhou[0], 41_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true))
                .containsEntry("amountFen", 41_000);
        assertThat(paid(hospital, hangzhou[0], 38_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2024, true))
                .containsEntry("amountFen", 38_000);
        refused(contribute(hospital, shenzhen[0], 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true), 422,
                "CONTRIBUTION_AMOUNT_MISMATCH");
        Map<String, Object> payment = paid(hospital, shenzhen[0], 42_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025,
                true);
        assertThat(w.count("select count(*) from payment_line where payment_id = :id::uuid"
                + " and spend_pooling_area = '440300'", payment.get("paymentId"))).isEqualTo(1);
    }

    @Test
    void aFullRefundOrAVoidFreesTheYearAPartialRefundDoesNot() {
        String[] p = residentWithQuota("320500", 150_000);
        String patient = p[0];
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");

        String id = (String) paid(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true)
                .get("paymentId");
        w.refund(hospital, id, UUID.randomUUID().toString(), 10_000).expectStatus().isCreated();
        refused(contribute(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true), 409,
                "CONTRIBUTION_ALREADY_PAID");
        w.refund(hospital, id, UUID.randomUUID().toString(), 30_000).expectStatus().isCreated();
        String again = (String) paid(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, false)
                .get("paymentId");

        // A held contribution takes the year too, until it is voided.
        refused(contribute(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true), 409,
                "CONTRIBUTION_ALREADY_PAID");
        w.action(hospital, again, "void").expectStatus().isOk();
        paid(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true);
        assertThat(w.quotaOf(p[1])).containsExactly(150_000L, 40_000L, 0L, 0L);
        w.assertLedgerOk();
    }

    @Test
    void aLongTermCareContributionHasTheSameShapeForAnyInsuredPatient() {
        String benefactor = w.employee("320500", 100_000);
        String patient = w.employee("320500", 0);
        w.quota(benefactor, patient, 20_000);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String pharmacy = w.provider(ProviderType.RETAIL_PHARMACY, "320500");

        refused(contribute(pharmacy, patient, 5_000, PaymentCategory.LTC_CONTRIBUTION, 2025, true), 422,
                "CATEGORY_NOT_ALLOWED");
        refused(contribute(hospital, patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true), 422,
                "CATEGORY_NOT_ALLOWED");
        refused(contribute(hospital, patient, 4_000, PaymentCategory.LTC_CONTRIBUTION, 2025, true), 422,
                "CONTRIBUTION_AMOUNT_MISMATCH");
        assertThat(paid(hospital, patient, 5_000, PaymentCategory.LTC_CONTRIBUTION, 2025, true))
                .containsEntry("contributionYear", 2025);
        refused(contribute(hospital, patient, 5_000, PaymentCategory.LTC_CONTRIBUTION, 2025, true), 409,
                "CONTRIBUTION_ALREADY_PAID");
        paid(hospital, patient, 5_000, PaymentCategory.LTC_CONTRIBUTION, 2024, true);
    }

    /** A payment row as the wallet inserts one, straight into the table: the index alone decides. */
    private Throwable insertContribution(String patient, String category, int year) {
        return db.sql("""
                        insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                             spend_pooling_area, created_at, expires_at, captured_at, contribution_year)
                        values (gen_random_uuid(), 'prov-index', :p, :c, 40000, 'CAPTURED', '320500', now(), now(),
                                now(), :y)""")
                .bind("p", patient).bind("c", category).bind("y", year)
                .fetch().rowsUpdated().then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block();
    }

    @Test
    void theIndexHoldsOneLiveContributionPerPersonCategoryAndYear() {
        String patient = Wallet.id("index");
        assertThat(insertContribution(patient, "RESIDENT_CONTRIBUTION", 2025)).isNull();
        Throwable second = insertContribution(patient, "RESIDENT_CONTRIBUTION", 2025);
        assertThat(second).isNotNull();
        assertThat(ContributionStore.takenMeanwhile(second)).as("%s", second).isTrue();
        // Another year, another category: their own.
        assertThat(insertContribution(patient, "RESIDENT_CONTRIBUTION", 2024)).isNull();
        assertThat(insertContribution(patient, "LTC_CONTRIBUTION", 2025)).isNull();
        // Refunded in full, or voided: the year is free again; part-refunded it is not.
        db.sql("update payment set refunded_fen = 39999 where patient_id = :p and category = 'RESIDENT_CONTRIBUTION'"
                + " and contribution_year = 2025").bind("p", patient).fetch().rowsUpdated().block();
        assertThat(ContributionStore.takenMeanwhile(insertContribution(patient, "RESIDENT_CONTRIBUTION", 2025)))
                .isTrue();
        db.sql("update payment set refunded_fen = amount_fen where patient_id = :p and category = 'RESIDENT_CONTRIBUTION'"
                + " and contribution_year = 2025").bind("p", patient).fetch().rowsUpdated().block();
        assertThat(insertContribution(patient, "RESIDENT_CONTRIBUTION", 2025)).isNull();
        db.sql("update payment set status = 'VOIDED', refunded_fen = 0 where patient_id = :p and category = 'LTC_CONTRIBUTION'")
                .bind("p", patient).fetch().rowsUpdated().block();
        assertThat(insertContribution(patient, "LTC_CONTRIBUTION", 2025)).isNull();
        // Only a contribution names a year.
        Throwable medical = db.sql("""
                        insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                             spend_pooling_area, created_at, expires_at, contribution_year)
                        values (gen_random_uuid(), 'prov-index', :p, 'MEDICAL_INSTITUTION', 100, 'AUTHORIZED', '320500',
                                now(), now(), 2025)""")
                .bind("p", patient).fetch().rowsUpdated().then(Mono.<Throwable>empty()).onErrorResume(Mono::just)
                .block();
        assertThat(String.valueOf(medical)).contains("payment_year_only_for_contributions");
        db.sql("delete from payment where provider_id = 'prov-index' and patient_id = :p").bind("p", patient)
                .fetch().rowsUpdated().block();
    }

    @Test
    void twoContributionsForOnePersonYearAtOnceExactlyOneIsPaid() {
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + env.getProperty("local.server.port"))
                .build();
        for (int round = 0; round < 3; round++) {
            String[] p = residentWithQuota("320500", 200_000);
            String patient = p[0];
            String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
            List<Map<String, Object>> bodies = List.of(
                    body(w.code(patient), patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, true),
                    body(w.code(patient), patient, 40_000, PaymentCategory.RESIDENT_CONTRIBUTION, 2025, false));
            List<String> outcomes = Flux.fromIterable(bodies)
                    .flatMap(b -> client.post().uri(PAYMENTS)
                            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                            .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(b)
                            .exchangeToMono(r -> r.bodyToMono(Wallet.JSON)
                                    .map(json -> r.statusCode().value() + " " + json.getOrDefault("code", ""))
                                    .defaultIfEmpty(r.statusCode().value() + " "))
                            .onErrorResume(e -> Mono.just("error " + e)), 2)
                    .collectList().block(Duration.ofSeconds(60));
            assertThat(outcomes).as("round " + round).containsExactlyInAnyOrder("201 ", "409 CONTRIBUTION_ALREADY_PAID");
            assertThat(payments(patient)).isEqualTo(1);
            long[] quota = w.quotaOf(p[1]);
            assertThat(quota[1] + quota[2]).isEqualTo(40_000L);
            assertThat(w.count("select count(*) from payment_code where person_id = :id and used_at is not null",
                    patient)).isEqualTo(1);
        }
        w.assertLedgerOk();
    }
}
