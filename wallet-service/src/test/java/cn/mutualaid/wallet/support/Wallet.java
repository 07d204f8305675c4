package cn.mutualaid.wallet.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.ProviderRegistered;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.kernel.Totp;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Test fixtures: feeds the wallet real envelopes on the other services' topics, calls its HTTP API with real tokens,
 * and reads its tables. Every fixture uses fresh ids, so tests share one application context and database.
 */
public final class Wallet {
    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    public static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST = new ParameterizedTypeReference<>() {
    };
    public final WebTestClient web;
    public final DatabaseClient db;
    private final StreamBridge bridge;

    public Wallet(WebTestClient web, DatabaseClient db, StreamBridge bridge) {
        this.web = web;
        this.db = db;
        this.bridge = bridge;
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Publishes an envelope to a topic for real, keyed by its aggregate id. */
    public Envelope publish(String topic, Envelope envelope) {
        bridge.send(topic, Envelopes.toMessage(envelope));
        return envelope;
    }

    public Envelope publish(String topic, Object payload, String key) {
        return publish(topic, Envelope.wrap(payload, key));
    }

    /** An insured person whose wallet the owner has activated, as every quota and payment code needs. */
    public String enrol(Scheme scheme, String area) {
        String person = enrolInactive(scheme, area);
        activate(person, TestJwt.insured(person)).expectStatus().isOk();
        return person;
    }

    /** An insured person the wallet knows, whose wallet nobody has activated yet. */
    public String enrolInactive(Scheme scheme, String area) {
        String person = id(scheme == Scheme.EMPLOYEE ? "emp" : "res");
        publish(Topics.REGISTRY_EVENTS, new InsuranceEnrolled(person, scheme, area, AidScope.provinceOf(area), Instant.now()), person);
        await().atMost(WAIT).until(() -> count("select count(*) from person where person_id = :id", person) == 1);
        return person;
    }

    /** An EMPLOYEE-insured person with an account credited with {@code balanceFen}. */
    public String employee(String area, long balanceFen) {
        String person = enrol(Scheme.EMPLOYEE, area);
        await().atMost(WAIT).until(() -> count("select count(*) from account where person_id = :id", person) == 1);
        if (balanceFen > 0) {
            credit(person, area, balanceFen, "alloc-" + UUID.randomUUID()).expectStatus().isCreated();
        }
        return person;
    }

    public WebTestClient.ResponseSpec activate(String person, String token) {
        return web.post().uri("/api/v1/wallets/{p}/activate", person)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    public String provider(ProviderType type, String area) {
        String provider = id("prov");
        publish(Topics.REGISTRY_EVENTS, new ProviderRegistered(provider, "Designated " + type, type, area,
                AidScope.provinceOf(area), Instant.now()), provider);
        await().atMost(WAIT).until(() -> count("select count(*) from provider where provider_id = :id", provider) == 1);
        return provider;
    }

    public String relation(String benefactor, String beneficiary) {
        String relation = id("rel");
        publish(Topics.RELATION_EVENTS, new RelationActivated(relation, benefactor, beneficiary, Kinship.CHILD,
                AidScope.SAME_AREA, null, null, Instant.now()), relation);
        await().atMost(WAIT).until(() -> count("select count(*) from relation where relation_id = :id", relation) == 1);
        return relation;
    }

    /** A relation with a quota of {@code fen} set by the benefactor. */
    public String quota(String benefactor, String beneficiary, long fen) {
        String relation = relation(benefactor, beneficiary);
        setQuota(benefactor, relation, fen).expectStatus().isOk();
        return relation;
    }

    public WebTestClient.ResponseSpec credit(String person, String agencyArea, long fen, String reference) {
        return credit(person, agencyArea, fen, reference, UUID.randomUUID().toString());
    }

    /** A credit under the given Idempotency-Key (each agency-area token is its own caller). */
    public WebTestClient.ResponseSpec credit(String person, String agencyArea, long fen, String reference,
            String idempotencyKey) {
        return web.post().uri("/api/v1/accounts/{p}/credits", person)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.agency(agencyArea))
                .header("Idempotency-Key", idempotencyKey)
                .bodyValue(Map.of("amountFen", fen, "reference", reference)).exchange();
    }

    public WebTestClient.ResponseSpec setQuota(String caller, String relation, long fen) {
        return web.put().uri("/api/v1/relations/{r}/quota", relation)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(caller))
                .bodyValue(Map.of("amountFen", fen)).exchange();
    }

    public String code(String person) {
        Map<String, Object> body = web.post().uri("/api/v1/payment-codes")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person))
                .exchange().expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
        return (String) body.get("code");
    }

    /** A code the patient's app makes offline: a device enrolled now, and its code for the current time step. */
    public String offlineCode(String person) {
        Map<String, Object> device = web.post().uri("/api/v1/payment-codes/devices")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(person))
                .exchange().expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
        return device.get("deviceId") + Totp.code(Base64.getUrlDecoder().decode((String) device.get("secret")),
                Totp.step(Instant.now()));
    }

    public WebTestClient.ResponseSpec pay(String provider, String key, String code, String patient, long fen,
            PaymentCategory category, boolean capture) {
        return web.post().uri("/api/v1/payments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(provider))
                .header("Idempotency-Key", key)
                .bodyValue(Map.of("paymentCode", code, "patientId", patient, "amountFen", fen,
                        "category", category.name(), "capture", capture))
                .exchange();
    }

    /** A payment body of the test's own making (a contribution's year, say) to a payments route; no key when null. */
    public WebTestClient.ResponseSpec post(String uri, String provider, String key, Map<String, Object> body) {
        return web.post().uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(provider))
                .headers(h -> {
                    if (key != null) {
                        h.set("Idempotency-Key", key);
                    }
                })
                .bodyValue(body).exchange();
    }

    /** Pays with a fresh code and key; returns the payment JSON. */
    public Map<String, Object> paid(String provider, String patient, long fen, PaymentCategory category, boolean capture) {
        return pay(provider, UUID.randomUUID().toString(), code(patient), patient, fen, category, capture)
                .expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    public WebTestClient.ResponseSpec action(String provider, String paymentId, String action) {
        return web.post().uri("/api/v1/payments/{id}/{action}", paymentId, action)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(provider)).exchange();
    }

    public WebTestClient.ResponseSpec refund(String provider, String paymentId, String key, long fen) {
        return web.post().uri("/api/v1/payments/{id}/refunds", paymentId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(provider))
                .header("Idempotency-Key", key)
                .bodyValue(Map.of("amountFen", fen)).exchange();
    }

    /** [balance, frozen] straight from the table. */
    public long[] account(String person) {
        return db.sql("select balance_fen, frozen_fen from account where person_id = :p").bind("p", person)
                .map(row -> new long[] {row.get("balance_fen", Long.class), row.get("frozen_fen", Long.class)})
                .one().block();
    }

    /** [granted, used, held, released] of a relation's quota. */
    public long[] quotaOf(String relation) {
        return db.sql("select granted_fen, used_fen, held_fen, released_fen from quota where relation_id = :r")
                .bind("r", relation)
                .map(row -> new long[] {row.get("granted_fen", Long.class), row.get("used_fen", Long.class),
                        row.get("held_fen", Long.class), row.get("released_fen", Long.class)})
                .one().block();
    }

    public long count(String sql, Object id) {
        return db.sql(sql).bind("id", id).map(row -> row.get(0, Long.class)).one().block();
    }

    /** The journal check over the whole wallet must be ok. */
    public void assertLedgerOk() {
        Map<String, Object> check = web.get().uri("/api/v1/ledger/check")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.clearing())
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(check.get("problems")).asList().isEmpty();
        assertThat(check.get("ok")).isEqualTo(true);
    }
}
