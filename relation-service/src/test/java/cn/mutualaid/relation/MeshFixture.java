package cn.mutualaid.relation;

import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.contracts.registry.RolloutChangedV2;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the integration tests share: the registry's side (real envelopes published to registry.events), the wallet's
 * side ({@link FakeWallet}), and small API and database helpers. One Spring context for all of them.
 *
 * <p>Rollout policy is global per province, so each province is given one role for the whole test JVM: 320000
 * (Jiangsu) and 510000 (Sichuan) have cross-province aid live; 410000 (Henan) has nothing announced (the default);
 * 450000 (Guangxi) allows only nuclear kin; other provinces are used by single tests that say why.
 */
@MeshTest
public abstract class MeshFixture {
    public static final String SUZHOU = "320500";
    public static final String NANJING = "320100";
    public static final String CHENGDU = "510100";
    public static final String ZHENGZHOU = "410100";
    public static final String NANNING = "450100";
    protected static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    /** How long a test waits for something asynchronous; generous, because build machines are shared. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    protected WebTestClient web;
    @Autowired protected DatabaseClient db;
    @Autowired protected StreamBridge bridge;
    protected final FakeWallet wallet = FakeWallet.get();

    private static volatile boolean rolloutAnnounced;

    protected MeshFixture() {
    }

    @Autowired
    void webClient(WebTestClient client) {
        web = client;
    }

    /** The provinces' roles above, announced once per JVM (effective a day ago). */
    protected void announceRollouts() {
        if (rolloutAnnounced) {
            return;
        }
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        awaitProcessed(rollout("320000", true, KinshipScope.CLOSE_RELATIVES, dayAgo),
                rollout("510000", true, KinshipScope.CLOSE_RELATIVES, dayAgo),
                rollout("450000", false, KinshipScope.NUCLEAR, dayAgo));
        rolloutAnnounced = true;
    }

    // ---- the registry's side -------------------------------------------------------------------------------------

    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    protected Envelope publishRegistry(Object payload, String key) {
        return publishRegistry(Envelope.wrap(payload, key));
    }

    protected Envelope publishRegistry(Envelope envelope) {
        bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(envelope));
        return envelope;
    }

    /** Waits until the service's inbox recorded each event (processed, or recognised as already processed). */
    protected void awaitProcessed(Envelope... envelopes) {
        for (Envelope e : envelopes) {
            await().atMost(PATIENCE).until(() -> db.sql("select count(*) from inbox where event_id = :e")
                    .bind("e", e.eventId()).map(row -> row.get(0, Long.class)).one().block() == 1);
        }
    }

    protected Envelope enrolment(String personId, Scheme scheme, String area) {
        return publishRegistry(new InsuranceEnrolled(personId, scheme, area, province(area), Instant.now()), personId);
    }

    /** A new person, enrolled and projected. */
    protected String enrolled(Scheme scheme, String area) {
        String person = newId(scheme == Scheme.EMPLOYEE ? "emp" : "res");
        awaitProcessed(enrolment(person, scheme, area));
        return person;
    }

    protected Envelope kinship(String personId, String relativeId, Kinship kinship) {
        return publishRegistry(new KinshipVerified(personId, relativeId, kinship, Instant.now()), personId);
    }

    protected void verifiedKinship(String personId, String relativeId, Kinship kinship) {
        awaitProcessed(kinship(personId, relativeId, kinship));
    }

    protected Envelope rollout(String province, boolean crossProvince, KinshipScope scope, Instant effectiveFrom) {
        return publishRegistry(new RolloutChanged(province, crossProvince, scope, effectiveFrom, "admin",
                Instant.now()), province);
    }

    /** Version 2: a province ({@code xx0000}) or one pooling area, at any step, possibly scheduled. */
    protected Envelope rolloutV2(String code, AidScope geographicScope, KinshipScope scope, Instant effectiveFrom) {
        return publishRegistry(new RolloutChangedV2(code, geographicScope, scope, effectiveFrom, "admin",
                Instant.now()), code);
    }

    protected Envelope termination(String personId, Scheme scheme, String area) {
        return publishRegistry(new InsuranceTerminated(personId, scheme, area, province(area), "left employment",
                Instant.now()), personId);
    }

    protected Envelope transfer(String transferId, String personId, String fromArea, String toArea) {
        return publishRegistry(new InsuranceTransferred(transferId, personId, Scheme.EMPLOYEE, Scheme.EMPLOYEE,
                fromArea, province(fromArea), toArea, province(toArea), Instant.now()), personId);
    }

    protected static String province(String area) {
        return area.substring(0, 2) + "0000";
    }

    // ---- the API -------------------------------------------------------------------------------------------------

    protected WebTestClient.ResponseSpec propose(String benefactorId, String beneficiaryId, Kinship kinship) {
        return web.post().uri("/api/v1/relations").header("Authorization", "Bearer " + TestJwt.insured(benefactorId))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("beneficiaryId", beneficiaryId, "kinship", kinship.name())).exchange();
    }

    protected WebTestClient.ResponseSpec agencyCreates(String area, String benefactorId, String beneficiaryId,
            Kinship kinship) {
        return web.post().uri("/api/v1/relations").header("Authorization", "Bearer " + TestJwt.agency(area))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("benefactorId", benefactorId, "beneficiaryId", beneficiaryId,
                        "kinship", kinship.name()))
                .exchange();
    }

    protected WebTestClient.ResponseSpec post(String token, String path) {
        return web.post().uri(path).header("Authorization", "Bearer " + token).exchange();
    }

    protected WebTestClient.ResponseSpec get(String token, String path) {
        return web.get().uri(path).header("Authorization", "Bearer " + token).exchange();
    }

    protected Map<String, Object> body(WebTestClient.ResponseSpec spec) {
        return spec.expectBody(JSON).returnResult().getResponseBody();
    }

    /** An ACTIVE relationship created at the benefactor's service hall between two fresh related persons. */
    protected Map<String, Object> activeRelation(String benefactorId, String beneficiaryId, Kinship kinship) {
        verifiedKinship(benefactorId, beneficiaryId, kinship);
        return body(agencyCreates(areaOf(benefactorId), benefactorId, beneficiaryId, kinship).expectStatus().isCreated());
    }

    /** The person's current pooling area as the projection knows it. */
    protected String areaOf(String personId) {
        return db.sql("select pooling_area from insured_person where person_id = :p").bind("p", personId)
                .map(row -> row.get(0, String.class)).one().block();
    }

    /** The audit entries of a target, oldest first: action and actor. */
    protected java.util.List<Map<String, Object>> auditOf(String targetId) {
        return db.sql("""
                        select action, actor, actor_role, target_area, changes::text as changes from audit_log
                         where target_id = :t order by id""")
                .bind("t", targetId).fetch().all().collectList().block();
    }

    protected Map<String, Object> relation(String relationId, String asPerson) {
        return body(get(TestJwt.insured(asPerson), "/api/v1/relations/" + relationId).expectStatus().isOk());
    }

    protected String status(String relationId) {
        return db.sql("select status from relation where relation_id = :id").bind("id", relationId)
                .map(row -> row.get(0, String.class)).one().block();
    }

    /** How many outbox rows of a type an aggregate has (what the service published or will publish). */
    protected long outboxCount(String type, String aggregateId) {
        return db.sql("select count(*) from outbox where type = :t and aggregate_id = :a").bind("t", type)
                .bind("a", aggregateId).map(row -> row.get(0, Long.class)).one().block();
    }
}
