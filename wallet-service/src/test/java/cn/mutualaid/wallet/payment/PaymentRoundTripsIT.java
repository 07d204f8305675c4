package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The database round trips of one captured payment (POST /api/v1/payments, the Idempotency-Key included), counted from
 * the PostgreSQL driver's query log: each statement it sends, BEGIN and COMMIT included, waits for its answer. With
 * mesh.wallet.payment-write=function (the default): the key's claim and the facts in one statement, then the one
 * call; with the claim a statement of its own ({@link PaymentRoundTripsOwnClaimIT}) three; the statement path
 * ({@link PaymentRoundTripsStatementsIT}) takes a dozen.
 */
@MeshTest
class PaymentRoundTripsIT {
    private static final String CORRELATION = "x-correlation-id";

    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;
    private final StatementRecorder recorder = new StatementRecorder();

    /** What this path's captured payment takes. */
    int roundTrips() {
        return 2;
    }

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        recorder.attach();
    }

    @AfterEach
    void tearDown() {
        recorder.detach();
    }

    @Test
    void aCapturedPaymentWithAnOnlineCode() {
        String benefactor = w.employee("320500", 10_000);
        String patient = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.quota(benefactor, patient, 5000);
        assertRoundTrips(hospital, patient, w.code(patient), "online");
    }

    @Test
    void aCapturedPaymentWithAnOfflineCode() {
        String benefactor = w.employee("320500", 10_000);
        String patient = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.quota(benefactor, patient, 5000);
        String code = w.offlineCode(patient);
        assertRoundTrips(hospital, patient, code, "offline");
    }

    private void assertRoundTrips(String hospital, String patient, String code, String kind) {
        String correlationId = "trips-" + UUID.randomUUID();
        web.post().uri("/api/v1/payments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header(CORRELATION, correlationId)
                .bodyValue(Map.of("paymentCode", code, "patientId", patient, "amountFen", 1200,
                        "category", PaymentCategory.MEDICAL_INSTITUTION.name(), "capture", true))
                .exchange().expectStatus().isCreated();
        List<String> ran = recorder.of(correlationId);
        LoggerFactory.getLogger(getClass()).info("a captured payment with an {} code: {} round trips", kind, ran.size());
        assertThat(ran).as("the statements of one captured payment").hasSize(roundTrips());
        assertThat(w.count("select count(*) from payment where patient_id = :id", patient)).isEqualTo(1);
        w.assertLedgerOk();
    }
}
