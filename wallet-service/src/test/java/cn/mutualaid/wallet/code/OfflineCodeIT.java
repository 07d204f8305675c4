package cn.mutualaid.wallet.code;

import cn.mutualaid.kernel.Totp;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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

/** Payments with codes an enrolled device made offline, as an app would make them (RFC 6238 over its secret). */
@MeshTest
class OfflineCodeIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired Environment env;
    Wallet w;
    String mother;
    String child;
    String stranger;
    String hospital;

    /** What the app keeps: its device id and secret. */
    record Device(String id, byte[] secret) {
        String code(long step) {
            return id + Totp.code(secret, step);
        }

        String now() {
            return code(Totp.step(Instant.now()));
        }
    }

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        mother = w.employee("320500", 10_000);
        child = w.employee("320500", 0);
        stranger = w.employee("320500", 0);
        hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.quota(mother, child, 5_000);
    }

    @Test
    void anOfflineCodePaysOnceAndItsSecretIsNeitherStoredNorShownAgain() {
        Map<String, Object> enrolled = enrolBody(child);
        assertThat(enrolled).containsEntry("stepSeconds", 30).containsEntry("digits", 8)
                .containsEntry("algorithm", "HMAC-SHA-256");
        assertThat((String) enrolled.get("deviceId")).matches("[1-9][0-9]{11}");
        Device phone = device(enrolled);
        String code = phone.now();

        Map<String, Object> paid = w.pay(hospital, key(), code, child, 1200, PaymentCategory.MEDICAL_INSTITUTION, true)
                .expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(paid).containsEntry("status", "CAPTURED").containsEntry("amountFen", 1200);
        refused(w.pay(hospital, key(), code, child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "PAYMENT_CODE_USED");
        assertThat(w.account(mother)[0]).isEqualTo(10_000 - 1200);

        String secret = (String) enrolled.get("secret");
        assertThat(w.count("select count(*) from payment_device where device_id = :id",
                Long.parseLong(phone.id()))).isEqualTo(1);
        assertThat(db.sql("select row_to_json(d)::text as j from payment_device d").map(r -> r.get("j", String.class))
                .all().collectList().block()).noneMatch(row -> row.contains(secret));
        List<Map<String, Object>> listed = web.get().uri("/api/v1/payment-codes/devices")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(child))
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON_LIST).returnResult().getResponseBody();
        assertThat(listed).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("deviceId", phone.id()).doesNotContainKey("secret");
            assertThat(d.get("revokedAt")).isNull();
        });
        assertThat(w.count("select count(*) from audit_log where action = 'payment-device.enrol' and target_id = :id",
                phone.id())).isEqualTo(1);
        w.assertLedgerOk();
    }

    @Test
    void thePreviousStepStillPaysAnOlderOneIsExpiredAndARefusalUsesNothing() {
        Device phone = device(enrolBody(child));
        long now = freshStep();
        refused(w.pay(hospital, key(), phone.code(now - 3), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true),
                "PAYMENT_CODE_EXPIRED");
        String previous = phone.code(now - 1);
        refused(w.pay(hospital, key(), previous, child, 999_999, PaymentCategory.MEDICAL_INSTITUTION, true),
                "QUOTA_INSUFFICIENT");
        w.pay(hospital, key(), previous, child, 100, PaymentCategory.MEDICAL_INSTITUTION, true).expectStatus().isCreated();
        String otp = phone.now().substring(12);
        String wrong = phone.id() + otp.substring(0, 7) + (char) ('0' + (otp.charAt(7) - '0' + 1) % 10);
        refused(w.pay(hospital, key(), wrong, child, 100, PaymentCategory.MEDICAL_INSTITUTION, true), "PAYMENT_CODE_INVALID");
        refused(w.pay(hospital, key(), "99999999999912345678", child, 100, PaymentCategory.MEDICAL_INSTITUTION, true),
                "PAYMENT_CODE_INVALID");
    }

    @Test
    void anotherPersonsCodeIsRefusedAndARevokedDeviceNoLongerPays() {
        Device strangers = device(enrolBody(stranger));
        refused(w.pay(hospital, key(), strangers.now(), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true),
                "PATIENT_NOT_CODE_OWNER");

        Device lost = device(enrolBody(child));
        revoke(stranger, lost.id()).expectStatus().isNotFound();
        revoke(child, lost.id()).expectStatus().isNoContent();
        revoke(child, lost.id()).expectStatus().isNoContent();
        revoke(child, "not-a-device").expectStatus().isNotFound();
        refused(w.pay(hospital, key(), lost.now(), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true),
                "PAYMENT_DEVICE_REVOKED");
        assertThat(w.count("select count(*) from offline_code_use where device_id = :id", Long.parseLong(lost.id())))
                .isZero();
        assertThat(w.count("select count(*) from audit_log where action = 'payment-device.revoke' and target_id = :id",
                lost.id())).isEqualTo(2);
        // Another device of the same person still pays.
        w.pay(hospital, key(), device(enrolBody(child)).now(), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true)
                .expectStatus().isCreated();
        web.post().uri("/api/v1/payment-codes/devices").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void twoPaymentsWithOneCodeAtOnceOneWins() {
        Device phone = device(enrolBody(child));
        String code = phone.now();
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + env.getProperty("local.server.port"))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital)).build();
        List<String> outcomes = Flux.range(0, 8)
                .flatMap(i -> client.post().uri("/api/v1/payments").header("Idempotency-Key", key())
                        .bodyValue(Map.of("paymentCode", code, "patientId", child, "amountFen", 300,
                                "category", "MEDICAL_INSTITUTION", "capture", true))
                        .exchangeToMono(response -> response.bodyToMono(Map.class)
                                .map(body -> response.statusCode().value() + " " + body.getOrDefault("code", ""))), 8)
                .collectList().block(Duration.ofMinutes(1));
        assertThat(outcomes).containsOnlyOnce("201 ").hasSize(8)
                .filteredOn(o -> !o.equals("201 ")).containsOnly("422 PAYMENT_CODE_USED");
        assertThat(w.account(mother)[0]).isEqualTo(10_000 - 300);
        w.assertLedgerOk();
    }

    /**
     * The current step once at least half of it is left (waiting for the next one otherwise), so that a code of the
     * previous step stays the previous one while the test uses it.
     */
    private static long freshStep() {
        long millisIntoStep = System.currentTimeMillis() % (Totp.STEP_SECONDS * 1000L);
        if (millisIntoStep > Totp.STEP_SECONDS * 500L) {
            try {
                Thread.sleep(Totp.STEP_SECONDS * 1000L - millisIntoStep + 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Totp.step(Instant.now());
    }

    private Map<String, Object> enrolBody(String person) {
        return web.post().uri("/api/v1/payment-codes/devices")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person))
                .exchange().expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec revoke(String person, String deviceId) {
        return web.post().uri("/api/v1/payment-codes/devices/{d}/revoke", deviceId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person)).exchange();
    }

    private static Device device(Map<String, Object> enrolled) {
        return new Device((String) enrolled.get("deviceId"), Base64.getUrlDecoder().decode((String) enrolled.get("secret")));
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static void refused(WebTestClient.ResponseSpec response, String code) {
        response.expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo(code);
    }
}
