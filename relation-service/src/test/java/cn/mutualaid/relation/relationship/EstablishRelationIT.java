package cn.mutualaid.relation.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Establishing relationships through the API, with every policy check, on projections fed over real Kafka. */
class EstablishRelationIT extends MeshFixture {

    @BeforeEach
    void rollouts() {
        announceRollouts();
    }

    private static void refused(Supplier<WebTestClient.ResponseSpec> exchange, String code) {
        exchange.get().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private long relationsBetween(String a, String b) {
        return db.sql("select count(*) from relation where benefactor_id = :a and beneficiary_id = :b")
                .bind("a", a).bind("b", b).map(row -> row.get(0, Long.class)).one().block();
    }

    @Test
    void eachRefusalHasItsOwnCodeAndChangesNothing() {
        String employee = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String resident = enrolled(Scheme.RESIDENT, SUZHOU);
        String child = enrolled(Scheme.RESIDENT, SUZHOU);
        String unknown = newId("nobody");
        verifiedKinship(employee, child, Kinship.CHILD);
        verifiedKinship(resident, child, Kinship.CHILD);

        refused(() -> propose(employee, employee, Kinship.CHILD), "SELF_RELATION");
        refused(() -> propose(resident, child, Kinship.CHILD), "NOT_EMPLOYEE_INSURED");
        refused(() -> propose(unknown, child, Kinship.CHILD), "NOT_EMPLOYEE_INSURED");
        refused(() -> propose(employee, unknown, Kinship.CHILD), "BENEFICIARY_NOT_INSURED");
        // Verified as CHILD, claimed as SIBLING: not this kinship.
        refused(() -> propose(employee, child, Kinship.SIBLING), "KINSHIP_NOT_VERIFIED");
        refused(() -> propose(employee, resident, Kinship.SPOUSE), "KINSHIP_NOT_VERIFIED");

        // A terminated beneficiary.
        String terminated = enrolled(Scheme.EMPLOYEE, SUZHOU);
        verifiedKinship(employee, terminated, Kinship.PARENT);
        awaitProcessed(termination(terminated, Scheme.EMPLOYEE, SUZHOU));
        refused(() -> propose(employee, terminated, Kinship.PARENT), "BENEFICIARY_NOT_INSURED");

        // Guangxi allows nuclear kin only: a sibling is out of its scope, a spouse is not.
        String inNanning = enrolled(Scheme.EMPLOYEE, NANNING);
        String sibling = enrolled(Scheme.EMPLOYEE, NANNING);
        String spouse = enrolled(Scheme.EMPLOYEE, NANNING);
        verifiedKinship(inNanning, sibling, Kinship.SIBLING);
        verifiedKinship(inNanning, spouse, Kinship.SPOUSE);
        refused(() -> propose(inNanning, sibling, Kinship.SIBLING), "KINSHIP_OUT_OF_SCOPE");
        propose(inNanning, spouse, Kinship.SPOUSE).expectStatus().isCreated();

        // Henan never announced cross-province aid.
        String inZhengzhou = enrolled(Scheme.RESIDENT, ZHENGZHOU);
        verifiedKinship(employee, inZhengzhou, Kinship.SIBLING);
        refused(() -> propose(employee, inZhengzhou, Kinship.SIBLING), "CROSS_PROVINCE_NOT_LIVE");

        for (String beneficiary : List.of(employee, child, unknown, resident, terminated, inZhengzhou)) {
            assertThat(relationsBetween(employee, beneficiary)).as(beneficiary).isZero();
        }
        assertThat(relationsBetween(inNanning, sibling)).isZero();
    }

    @Test
    void crossProvinceAidAnnouncedForLaterIsNotLiveYet() {
        // 420000 (Hubei) is used by this test only: cross-province aid starts in an hour.
        awaitProcessed(rollout("420000", true, KinshipScope.CLOSE_RELATIVES, Instant.now().plus(Duration.ofHours(1))));
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String inWuhan = enrolled(Scheme.EMPLOYEE, "420100");
        verifiedKinship(benefactor, inWuhan, Kinship.PARENT);
        refused(() -> propose(benefactor, inWuhan, Kinship.PARENT), "CROSS_PROVINCE_NOT_LIVE");
    }

    @Test
    void proposalAndConsentInEachScope() {
        record Case(String benefactorArea, String beneficiaryArea, String scope) {
        }
        for (Case c : List.of(new Case(SUZHOU, SUZHOU, "SAME_AREA"), new Case(SUZHOU, NANJING, "INTRA_PROVINCE"),
                new Case(SUZHOU, CHENGDU, "CROSS_PROVINCE"))) {
            String benefactor = enrolled(Scheme.EMPLOYEE, c.benefactorArea());
            String beneficiary = enrolled(Scheme.RESIDENT, c.beneficiaryArea());
            verifiedKinship(beneficiary, benefactor, Kinship.PARENT); // the inverse link: beneficiary is the CHILD

            Map<String, Object> proposed = body(propose(benefactor, beneficiary, Kinship.CHILD)
                    .expectStatus().isCreated());
            assertThat(proposed).containsEntry("status", "PENDING_CONSENT").containsEntry("scope", c.scope());
            String id = (String) proposed.get("relationId");
            assertThat(outboxCount("RelationProposed", id)).isEqualTo(1);

            Map<String, Object> consented = body(post(TestJwt.insured(beneficiary), "/api/v1/relations/" + id
                    + "/consent").expectStatus().isOk());
            assertThat(consented).containsEntry("status", "ACTIVE").containsEntry("scope", c.scope());
            RelationActivated activated = outboxPayload("RelationActivated", id, RelationActivated.class);
            assertThat(activated.benefactorPoolingArea()).isEqualTo(c.benefactorArea());
            assertThat(activated.beneficiaryPoolingArea()).isEqualTo(c.beneficiaryArea());
            assertThat(activated.kinship()).isEqualTo(Kinship.CHILD);

            // Consenting again changes nothing.
            post(TestJwt.insured(beneficiary), "/api/v1/relations/" + id + "/consent").expectStatus().isOk();
            assertThat(outboxCount("RelationActivated", id)).isEqualTo(1);
            assertThat(relation(id, benefactor)).containsEntry("status", "ACTIVE").doesNotContainKey("dissolution");
        }
    }

    @Test
    void onlyTheBeneficiaryAnswersAndADeclineIsFinal() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.EMPLOYEE, SUZHOU);
        verifiedKinship(benefactor, beneficiary, Kinship.SPOUSE);
        String id = (String) body(propose(benefactor, beneficiary, Kinship.SPOUSE).expectStatus().isCreated())
                .get("relationId");

        post(TestJwt.insured(benefactor), "/api/v1/relations/" + id + "/consent").expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_BENEFICIARY");
        post(TestJwt.insured(newId("stranger")), "/api/v1/relations/" + id + "/consent").expectStatus().isNotFound();
        get(TestJwt.insured(newId("stranger")), "/api/v1/relations/" + id).expectStatus().isNotFound();
        get(TestJwt.agency(ZHENGZHOU), "/api/v1/relations/" + id).expectStatus().isNotFound();
        get(TestJwt.agency("320000"), "/api/v1/relations/" + id).expectStatus().isOk();

        post(TestJwt.insured(beneficiary), "/api/v1/relations/" + id + "/decline").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DECLINED");
        assertThat(outboxCount("RelationDeclined", id)).isEqualTo(1);
        post(TestJwt.insured(beneficiary), "/api/v1/relations/" + id + "/consent").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("RELATION_NOT_PENDING");
        // A declined proposal is not live: the pair may try again.
        propose(benefactor, beneficiary, Kinship.SPOUSE).expectStatus().isCreated();
    }

    @Test
    void consentChecksTheRulesAgainAsTheyStandThen() {
        // 350000 (Fujian) is used by this test only: it narrows its kinship scope after the proposal.
        String benefactor = enrolled(Scheme.EMPLOYEE, "350100");
        String sibling = enrolled(Scheme.EMPLOYEE, "350100");
        verifiedKinship(benefactor, sibling, Kinship.SIBLING);
        String id = (String) body(propose(benefactor, sibling, Kinship.SIBLING).expectStatus().isCreated())
                .get("relationId");

        awaitProcessed(rollout("350000", false, KinshipScope.NUCLEAR, Instant.now().minusSeconds(1)));
        refused(() -> post(TestJwt.insured(sibling), "/api/v1/relations/" + id + "/consent"), "KINSHIP_OUT_OF_SCOPE");
        assertThat(status(id)).isEqualTo("PENDING_CONSENT");
        assertThat(outboxCount("RelationActivated", id)).isZero();
    }

    @Test
    void anAgencyOfTheBenefactorsAreaCreatesAnActiveRelationship() {
        String benefactor = enrolled(Scheme.EMPLOYEE, NANJING);
        String beneficiary = enrolled(Scheme.RESIDENT, CHENGDU);
        verifiedKinship(benefactor, beneficiary, Kinship.GRANDCHILD);

        agencyCreates(ZHENGZHOU, benefactor, beneficiary, Kinship.GRANDCHILD).expectStatus().isForbidden();
        assertThat(relationsBetween(benefactor, beneficiary)).isZero();

        // The beneficiary's service hall only files it (ServiceHallIT); the benefactor's makes it ACTIVE at once.
        Map<String, Object> created = body(agencyCreates(NANJING, benefactor, beneficiary, Kinship.GRANDCHILD)
                .expectStatus().isCreated());
        assertThat(created).containsEntry("status", "ACTIVE").containsEntry("scope", "CROSS_PROVINCE");
        assertThat(outboxCount("RelationActivated", (String) created.get("relationId"))).isEqualTo(1);

        agencyCreates("320000", benefactor, beneficiary, Kinship.GRANDCHILD).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("RELATION_EXISTS");
        // The rules apply at the service hall too.
        String resident = enrolled(Scheme.RESIDENT, NANJING);
        verifiedKinship(resident, beneficiary, Kinship.CHILD);
        agencyCreates(NANJING, resident, beneficiary, Kinship.CHILD).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_EMPLOYEE_INSURED");
    }

    @Test
    void aPersonProposesOnlyAsThemselvesAndBadBodiesAreRefused() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        verifiedKinship(benefactor, beneficiary, Kinship.CHILD);
        String someoneElse = newId("p");

        web.post().uri("/api/v1/relations").header("Authorization", "Bearer " + TestJwt.insured(someoneElse))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("benefactorId", benefactor, "beneficiaryId", beneficiary, "kinship", "CHILD"))
                .exchange().expectStatus().isForbidden();
        web.post().uri("/api/v1/relations").header("Authorization", "Bearer " + TestJwt.insured(benefactor))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("beneficiaryId", beneficiary, "kinship", "COUSIN"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code")
                .isEqualTo("MALFORMED_REQUEST");
        web.post().uri("/api/v1/relations").header("Authorization", "Bearer " + TestJwt.insured(benefactor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("kinship", "CHILD"))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        web.post().uri("/api/v1/relations").header("Authorization", "Bearer " + TestJwt.agency(SUZHOU))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("beneficiaryId", beneficiary, "kinship", "CHILD"))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        web.post().uri("/api/v1/relations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("beneficiaryId", beneficiary, "kinship", "CHILD"))
                .exchange().expectStatus().isUnauthorized();
        assertThat(relationsBetween(benefactor, beneficiary)).isZero();
    }

    @Test
    void relationshipsAreManyToManyAndListedForEachParty() {
        String parent = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String child = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String grandchild = enrolled(Scheme.RESIDENT, SUZHOU);
        verifiedKinship(parent, child, Kinship.CHILD);
        verifiedKinship(child, grandchild, Kinship.CHILD);
        propose(parent, child, Kinship.CHILD).expectStatus().isCreated();
        propose(child, parent, Kinship.PARENT).expectStatus().isCreated(); // the other direction is another pair
        propose(child, grandchild, Kinship.CHILD).expectStatus().isCreated();

        assertThat(list(TestJwt.insured(child), "/api/v1/relations")).hasSize(3);
        assertThat(list(TestJwt.insured(child), "/api/v1/relations?role=BENEFACTOR")).hasSize(2);
        assertThat(list(TestJwt.insured(child), "/api/v1/relations?role=BENEFACTOR&size=1")).hasSize(1);
        assertThat(list(TestJwt.insured(child), "/api/v1/relations?role=BENEFACTOR&size=1&page=2")).isEmpty();
        assertThat(list(TestJwt.insured(child), "/api/v1/relations?role=BENEFICIARY&status=PENDING_CONSENT"))
                .hasSize(1);
        get(TestJwt.insured(child), "/api/v1/relations?size=500").expectStatus().isEqualTo(422);
        get(TestJwt.insured(child), "/api/v1/relations?role=UNCLE").expectStatus().isBadRequest();
        get(TestJwt.agency(SUZHOU), "/api/v1/relations").expectStatus().isForbidden();
    }

    private List<?> list(String token, String uri) {
        return get(token, uri).expectStatus().isOk().expectBodyList(Map.class).returnResult().getResponseBody();
    }

    @Test
    void concurrentProposalsForOnePairHaveExactlyOneWinner() throws Exception {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        verifiedKinship(benefactor, beneficiary, Kinship.MATERNAL_GRANDCHILD);

        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Map<String, Object>>> calls = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                calls.add(() -> {
                    var result = propose(benefactor, beneficiary, Kinship.MATERNAL_GRANDCHILD).returnResult(JSON);
                    Map<String, Object> body = result.getResponseBody().blockFirst();
                    return Map.of("status", result.getStatus().value(), "code", String.valueOf(body.get("code")));
                });
            }
            List<Map<String, Object>> outcomes = new ArrayList<>();
            for (Future<Map<String, Object>> f : pool.invokeAll(calls)) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn(o -> o.get("status").equals(201)).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o.get("status").equals(409)).hasSize(racers - 1)
                    .allSatisfy(o -> assertThat(o.get("code")).isEqualTo("RELATION_EXISTS"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(relationsBetween(benefactor, beneficiary)).isEqualTo(1);
    }

    private <T> T outboxPayload(String type, String aggregateId, Class<T> contract) {
        String json = db.sql("select envelope from outbox where type = :t and aggregate_id = :a")
                .bind("t", type).bind("a", aggregateId).map(row -> row.get(0, String.class)).one().block();
        return Contracts.mapper().readValue(json, Envelope.class).payloadAs(contract);
    }
}
