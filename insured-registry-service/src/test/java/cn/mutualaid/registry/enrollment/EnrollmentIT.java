package cn.mutualaid.registry.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.registry.support.RegistryEvents;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class EnrollmentIT extends RegistryTestBase {

    private WebTestClient.ResponseSpec enroll(String token, String personId, String scheme, String area) {
        return post(token, "/api/v1/persons/" + personId + "/enrollment", Map.of("scheme", scheme, "poolingArea", area))
                .exchange();
    }

    private static void refused(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status).expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private static JsonNode payload(List<RegistryEvents.Received> events, String type) {
        return events.stream().map(RegistryEvents.Received::envelope).filter(e -> e.type().equals(type))
                .map(Envelope::payload).findFirst().orElseThrow();
    }

    @Test
    void enrollingCreatesTheCurrentEnrollmentAndPublishesOnceKeyedByPersonId() {
        String personId = registerPerson();
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU))
                .exchange().expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.scheme").isEqualTo("EMPLOYEE")
                .jsonPath("$.poolingArea").isEqualTo(SUZHOU)
                .jsonPath("$.province").isEqualTo(JIANGSU)
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.since").isNotEmpty()
                .jsonPath("$.until").doesNotExist();

        List<RegistryEvents.Received> events = RegistryEvents.awaitType(personId, "InsuranceEnrolled");
        assertThat(RegistryEvents.typesFor(personId)).containsExactly("PersonRegistered", "InsuranceEnrolled");
        assertThat(events).allSatisfy(e -> assertThat(e.key()).isEqualTo(personId));
        JsonNode enrolled = payload(events, "InsuranceEnrolled");
        assertThat(enrolled.get("personId").asString()).isEqualTo(personId);
        assertThat(enrolled.get("scheme").asString()).isEqualTo("EMPLOYEE");
        assertThat(enrolled.get("poolingArea").asString()).isEqualTo(SUZHOU);
        assertThat(enrolled.get("province").asString()).isEqualTo(JIANGSU);
    }

    @Test
    void aSecondEnrollmentIsRefusedAndOtherAgenciesAreToldNothing() {
        String personId = enrolledPerson("RESIDENT", SUZHOU);
        refused(enroll(TestJwt.agency(SUZHOU), personId, "EMPLOYEE", SUZHOU), 409, "ALREADY_ENROLLED");
        refused(enroll(TestJwt.agency(JIANGSU), personId, "EMPLOYEE", NANJING), 409, "ALREADY_ENROLLED");
        refused(enroll(TestJwt.agency(CHENGDU), personId, "EMPLOYEE", CHENGDU), 404, "NOT_FOUND");
        assertThat(count("select count(*) from enrollment where person_id = :p", personId)).isEqualTo(1);
        assertThat(outboxed(personId, "InsuranceEnrolled")).isEqualTo(1);
    }

    @Test
    void unknownOrForeignPoolingAreasAreRefused() {
        String personId = registerPerson();
        refused(enroll(TestJwt.agency(JIANGSU), personId, "EMPLOYEE", "329900"), 422, "UNKNOWN_POOLING_AREA");
        // a province is not a pooling area
        refused(enroll(TestJwt.agency(JIANGSU), personId, "EMPLOYEE", JIANGSU), 422, "UNKNOWN_POOLING_AREA");
        refused(enroll(TestJwt.agency(SUZHOU), personId, "EMPLOYEE", "3205"), 422, "VALIDATION_FAILED");
        refused(enroll(TestJwt.agency(SUZHOU), personId, "EMPLOYEE", NANJING), 403, "FORBIDDEN");
        refused(enroll(TestJwt.agency(SUZHOU), "no-such-person", "EMPLOYEE", SUZHOU), 404, "NOT_FOUND");
        post(TestJwt.insured(personId), "/api/v1/persons/" + personId + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU)).exchange().expectStatus().isForbidden();
        assertThat(count("select count(*) from enrollment where person_id = :p", personId)).isZero();
    }

    @Test
    void concurrentEnrollmentsLeaveExactlyOneCurrentEnrollment() {
        String personId = registerPerson();
        List<Integer> statuses = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(TestJwt.agency(JIANGSU),
                        "/api/v1/persons/" + personId + "/enrollment",
                        Map.of("scheme", "EMPLOYEE", "poolingArea", i % 2 == 0 ? SUZHOU : NANJING))
                        .exchange().returnResult(String.class).getStatus().value()))
                .map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(count("select count(*) from enrollment where status = 'ACTIVE' and person_id = :p", personId))
                .isEqualTo(1);
        assertThat(outboxed(personId, "InsuranceEnrolled")).isEqualTo(1);
    }

    @Test
    void aCrossProvinceTransferClosesTheOldEnrollmentOpensTheNewOneAndPublishesOnce() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        // filed by the target area, it waits for the current area's confirmation
        Map<?, ?> requested = post(TestJwt.agency(CHENGDU), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", CHENGDU, "scheme", "RESIDENT"))
                .exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(requested.get("status")).isEqualTo("REQUESTED");
        String transferId = (String) requested.get("transferId");
        Map<?, ?> moved = post(TestJwt.agency(SUZHOU), "/api/v1/transfers/" + transferId + "/confirm", Map.of())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(transferId).isNotBlank();
        assertThat(moved.get("transferId")).isEqualTo(transferId);
        assertThat(moved.get("status")).isEqualTo("COMPLETED");
        assertThat(moved.get("toPoolingArea")).isEqualTo(CHENGDU);
        assertThat(moved.get("toProvince")).isEqualTo("510000");
        assertThat(moved.get("toScheme")).isEqualTo("RESIDENT");
        Map<?, ?> enrollment = (Map<?, ?>) moved.get("enrollment");
        assertThat(enrollment.get("poolingArea")).isEqualTo(CHENGDU);
        assertThat(enrollment.get("province")).isEqualTo("510000");
        assertThat(enrollment.get("scheme")).isEqualTo("RESIDENT");
        assertThat(enrollment.get("status")).isEqualTo("ACTIVE");
        assertThat(moved.get("fromPoolingArea")).isEqualTo(SUZHOU);
        assertThat(moved.get("fromScheme")).isEqualTo("EMPLOYEE");

        List<RegistryEvents.Received> events = RegistryEvents.awaitType(personId, "InsuranceTransferred");
        assertThat(RegistryEvents.typesFor(personId))
                .containsExactly("PersonRegistered", "InsuranceEnrolled", "TransferRequested", "InsuranceTransferred");
        assertThat(events).allSatisfy(e -> assertThat(e.key()).isEqualTo(personId));
        JsonNode transferred = payload(events, "InsuranceTransferred");
        assertThat(transferred.get("transferId").asString()).isEqualTo(transferId);
        assertThat(transferred.get("fromPoolingArea").asString()).isEqualTo(SUZHOU);
        assertThat(transferred.get("fromProvince").asString()).isEqualTo(JIANGSU);
        assertThat(transferred.get("toPoolingArea").asString()).isEqualTo(CHENGDU);
        assertThat(transferred.get("toProvince").asString()).isEqualTo("510000");
        assertThat(transferred.get("fromScheme").asString()).isEqualTo("EMPLOYEE");
        assertThat(transferred.get("toScheme").asString()).isEqualTo("RESIDENT");

        // history kept, newest first; the old area's agency no longer sees the person
        get(TestJwt.agency(CHENGDU), "/api/v1/persons/" + personId + "/enrollments").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].status").isEqualTo("ACTIVE")
                .jsonPath("$[0].transferIn").isEqualTo(transferId)
                .jsonPath("$[1].status").isEqualTo("TRANSFERRED_OUT")
                .jsonPath("$[1].transferOut").isEqualTo(transferId)
                .jsonPath("$[1].until").isNotEmpty();
        get(TestJwt.insured(personId), "/api/v1/persons/" + personId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.enrollment.poolingArea").isEqualTo(CHENGDU);
        get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId).exchange().expectStatus().isNotFound();
    }

    @Test
    void aTransferWithinTheProvinceByTheCurrentAgencyKeepsTheScheme() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", NANJING))
                .exchange().expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.status").isEqualTo("COMPLETED")
                .jsonPath("$.toScheme").isEqualTo("EMPLOYEE")
                .jsonPath("$.enrollment.scheme").isEqualTo("EMPLOYEE")
                .jsonPath("$.enrollment.poolingArea").isEqualTo(NANJING)
                .jsonPath("$.enrollment.province").isEqualTo(JIANGSU);
        assertThat(count("select count(*) from enrollment where status = 'ACTIVE' and person_id = :p", personId))
                .isEqualTo(1);
        assertThat(outboxed(personId, "InsuranceTransferred")).isEqualTo(1);
    }

    @Test
    void transferRefusals() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        String uri = "/api/v1/persons/" + personId + "/enrollment/transfer";
        post(TestJwt.agency(SUZHOU), uri, Map.of("toPoolingArea", SUZHOU)).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("SAME_POOLING_AREA");
        post(TestJwt.agency(SUZHOU), uri, Map.of("toPoolingArea", "329900")).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_POOLING_AREA");
        // an agency of neither area
        post(TestJwt.agency(ZHENGZHOU), uri, Map.of("toPoolingArea", CHENGDU)).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        post(TestJwt.insured(personId), uri, Map.of("toPoolingArea", CHENGDU)).exchange().expectStatus().isForbidden();

        String unenrolled = registerPerson();
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + unenrolled + "/enrollment/transfer",
                Map.of("toPoolingArea", NANJING)).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("NOT_ENROLLED");
        assertThat(count("select count(*) from enrollment where person_id = :p", personId)).isEqualTo(1);
        assertThat(outboxed(personId, "InsuranceTransferred")).isZero();
    }

    @Test
    void terminationEndsTheCurrentEnrollmentPublishesOnceAndAllowsANewOneLater() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        String uri = "/api/v1/persons/" + personId + "/enrollment/terminate";
        post(TestJwt.agency(NANJING), uri, Map.of("reason", "离职")).exchange().expectStatus().isNotFound();
        post(TestJwt.agency(SUZHOU), uri, Map.of("reason", "  离职 ")).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.status").isEqualTo("TERMINATED")
                .jsonPath("$.reason").isEqualTo("离职")
                .jsonPath("$.until").isNotEmpty()
                .jsonPath("$.poolingArea").isEqualTo(SUZHOU);

        List<RegistryEvents.Received> events = RegistryEvents.awaitType(personId, "InsuranceTerminated");
        assertThat(RegistryEvents.typesFor(personId))
                .containsExactly("PersonRegistered", "InsuranceEnrolled", "InsuranceTerminated");
        JsonNode terminated = payload(events, "InsuranceTerminated");
        assertThat(terminated.get("reason").asString()).isEqualTo("离职");
        assertThat(terminated.get("poolingArea").asString()).isEqualTo(SUZHOU);
        assertThat(terminated.get("province").asString()).isEqualTo(JIANGSU);

        post(TestJwt.agency(SUZHOU), uri, Map.of("reason", "again")).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("NOT_ENROLLED");
        post(TestJwt.agency(SUZHOU), uri, Map.of("reason", " ")).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        get(TestJwt.agency(CHENGDU), "/api/v1/persons/" + personId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.enrollment").isEmpty();

        // someone whose insurance ended may enroll again, anywhere
        enroll(TestJwt.agency(CHENGDU), personId, "RESIDENT", CHENGDU).expectStatus().isCreated();
        get(TestJwt.insured(personId), "/api/v1/persons/" + personId + "/enrollments?page=0&size=1").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].poolingArea").isEqualTo(CHENGDU);
        get(TestJwt.insured(personId), "/api/v1/persons/" + personId + "/enrollments?size=500").exchange()
                .expectStatus().isEqualTo(422);
    }
}
