package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.kernel.Totp;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Instant;
import java.util.Base64;
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
 * mesh.wallet.payment-write=function (the default): the key's claim, the facts, the one call; the statement path
 * ({@link PaymentRoundTripsStatementsIT}) takes a dozen.
 */
@MeshTest
class PaymentRoundTripsIT {
    private static final Logger QUERIES = (Logger) LoggerFactory.getLogger("io.r2dbc.postgresql.QUERY");
    private static final String CORRELATION = "x-correlation-id";

    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;
    private final BenchSqlIT.Recorder recorder = new BenchSqlIT.Recorder();
    private Level level;

    /** What this path's captured payment takes. */
    int roundTrips() {
        return 3;
    }

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        recorder.start();
        level = QUERIES.getLevel();
        QUERIES.setLevel(Level.DEBUG);
        QUERIES.addAppender(recorder);
    }

    @AfterEach
    void tearDown() {
        QUERIES.detachAppender(recorder);
        QUERIES.setLevel(level);
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
        Map<String, Object> device = web.post().uri("/api/v1/payment-codes/devices")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(patient))
                .exchange().expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
        String code = device.get("deviceId") + Totp.code(Base64.getUrlDecoder().decode((String) device.get("secret")),
                Totp.step(Instant.now()));
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
