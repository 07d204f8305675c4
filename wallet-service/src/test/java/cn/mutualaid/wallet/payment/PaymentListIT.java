package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * GET /api/v1/payments ("my payments"): a patient's own, a provider's own, an agency's patients' (insured in its
 * area), newest first, paged, each item as GET /api/v1/payments/{id} shows it; nobody sees anyone else's.
 * Patients live in Hefei (340100), an area no other test uses, so an agency's list here holds only this test's.
 */
@MeshTest
class PaymentListIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    private List<Map<String, Object>> list(String token, String query) {
        return web.get().uri("/api/v1/payments" + query).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON_LIST).returnResult().getResponseBody();
    }

    private Map<String, Object> get(String token, Object paymentId) {
        return web.get().uri("/api/v1/payments/{id}", paymentId).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    private static List<Object> ids(List<Map<String, Object>> payments) {
        return payments.stream().map(p -> p.get("paymentId")).toList();
    }

    @Test
    void eachCallerSeesItsOwnPaymentsNewestFirstAndNobodyElses() {
        String benefactor = w.employee("340100", 100_000);
        String patient = w.employee("340100", 0);
        String other = w.employee("340100", 0);
        String stranger = w.employee("340100", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "340100");
        String pharmacy = w.provider(ProviderType.RETAIL_PHARMACY, "340100");
        w.quota(benefactor, patient, 20_000);
        w.quota(w.employee("340100", 100_000), other, 20_000);

        Object first = w.paid(hospital, patient, 1000, PaymentCategory.MEDICAL_INSTITUTION, true).get("paymentId");
        Object second = w.paid(hospital, patient, 2000, PaymentCategory.MEDICAL_INSTITUTION, false).get("paymentId");
        Object others = w.paid(pharmacy, other, 300, PaymentCategory.RETAIL_PHARMACY, true).get("paymentId");
        w.refund(hospital, (String) first, "list-refund", 400).expectStatus().isCreated();

        String patientToken = TestJwt.insured(patient);
        List<Map<String, Object>> mine = list(patientToken, "");
        assertThat(ids(mine)).containsExactly(second, first);
        assertThat(mine.get(1)).as("each item as GET /payments/{id} shows it").isEqualTo(get(patientToken, first));
        assertThat(mine.get(0)).isEqualTo(get(patientToken, second));

        assertThat(ids(list(TestJwt.insured(other), ""))).containsExactly(others);
        assertThat(list(TestJwt.insured(stranger), "")).isEmpty();
        assertThat(ids(list(TestJwt.provider(hospital), ""))).containsExactly(second, first);
        assertThat(ids(list(TestJwt.provider(pharmacy), ""))).containsExactly(others);
        assertThat(list(TestJwt.provider("prov-without-payments"), "")).isEmpty();

        List<Object> ours = List.of(others, second, first);
        assertThat(ids(list(TestJwt.agency("340100"), "")).stream().filter(ours::contains).toList())
                .as("the agency of the patients' area").containsExactlyElementsOf(ours);
        assertThat(ids(list(TestJwt.agency("340000"), "")).stream().filter(ours::contains).toList())
                .as("a province agency: its areas' patients").containsExactlyElementsOf(ours);
        assertThat(list(TestJwt.agency("340200"), "")).as("another area's agency").isEmpty();
        assertThat(list(TestJwt.agency("320500"), "")).extracting(p -> p.get("patientId"))
                .doesNotContain(patient, other);
    }

    @Test
    void pagedNewestFirst() {
        String benefactor = w.employee("340100", 100_000);
        String patient = w.employee("340100", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "340100");
        w.quota(benefactor, patient, 20_000);
        Object older = w.paid(hospital, patient, 100, PaymentCategory.MEDICAL_INSTITUTION, true).get("paymentId");
        Object newer = w.paid(hospital, patient, 200, PaymentCategory.MEDICAL_INSTITUTION, true).get("paymentId");

        String token = TestJwt.insured(patient);
        assertThat(ids(list(token, "?page=0&size=1"))).containsExactly(newer);
        assertThat(ids(list(token, "?page=1&size=1"))).containsExactly(older);
        assertThat(list(token, "?page=2&size=1")).isEmpty();
        web.get().uri("/api/v1/payments?size=0").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isEqualTo(422);
        web.get().uri("/api/v1/payments").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.clearing())
                .exchange().expectStatus().isForbidden();
    }
}
