package cn.mutualaid.registry.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.consistency.ConsistencyToken;
import cn.mutualaid.registry.support.Ids;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Every registry write that puts an event in the outbox answers the event's id in Mesh-Consistency-Token, so that a
 * client can make another service wait until it has seen the write; a write that publishes nothing answers none.
 */
class ConsistencyTokenIT extends RegistryTestBase {
    private static final Map<String, String> EVIDENCE = Map.of("kind", "MARRIAGE_CERTIFICATE", "reference", "苏婚字第7号");

    private String eventIdOf(String aggregateId, String type) {
        // A token names the event's topic and id.
        return db.sql("select 'registry.events:' || event_id::text from outbox where aggregate_id = :a and type = :t")
                .bind("a", aggregateId).bind("t", type).map(row -> row.get(0, String.class)).one().block();
    }

    private static String token(EntityExchangeResult<?> result) {
        return result.getResponseHeaders().getFirst(ConsistencyToken.HEADER);
    }

    @SuppressWarnings("unchecked")
    private static String field(EntityExchangeResult<Map> result, String name) {
        return (String) ((Map<String, Object>) result.getResponseBody()).get(name);
    }

    @Test
    void registerEnrollAndKinshipAnswerTheIdsOfTheEventsTheyWrote() {
        EntityExchangeResult<Map> registered = post(TestJwt.agency(SUZHOU), "/api/v1/persons",
                Map.of("idNumber", Ids.random(), "name", "一致")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult();
        String person = field(registered, "personId");
        assertThat(token(registered)).isEqualTo(eventIdOf(person, "PersonRegistered"));

        EntityExchangeResult<Map> enrolled = post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + person + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult();
        assertThat(token(enrolled)).isEqualTo(eventIdOf(person, "InsuranceEnrolled"));

        String spouse = enrolledPerson("EMPLOYEE", SUZHOU);
        EntityExchangeResult<Map> linked = post(TestJwt.agency(SUZHOU), "/api/v1/kinships", Map.of("personId", person,
                "relativeId", spouse, "kinship", "SPOUSE", "evidence", EVIDENCE)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult();
        assertThat(token(linked)).isEqualTo(eventIdOf(person, "KinshipVerified"));
        assertThat(List.of(token(registered), token(enrolled), token(linked))).doesNotHaveDuplicates();

        // the same link again publishes nothing, and so answers no token
        EntityExchangeResult<Map> again = post(TestJwt.agency(SUZHOU), "/api/v1/kinships", Map.of("personId", spouse,
                "relativeId", person, "kinship", "SPOUSE", "evidence", EVIDENCE)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult();
        assertThat(token(again)).isNull();
    }

    @Test
    void aRefusedOrReadOnlyRequestAnswersNoToken() {
        String person = enrolledPerson("EMPLOYEE", SUZHOU);
        EntityExchangeResult<byte[]> refused = post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + person + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU)).exchange().expectStatus().isEqualTo(409)
                .expectBody().returnResult();
        assertThat(token(refused)).isNull();
        EntityExchangeResult<byte[]> read = get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + person).exchange()
                .expectStatus().isOk().expectBody().returnResult();
        assertThat(token(read)).isNull();
    }

    @Test
    void aTransferThatMovesAtOnceAnswersTheTransferEvent() {
        String person = enrolledPerson("EMPLOYEE", SUZHOU);
        EntityExchangeResult<byte[]> moved = post(TestJwt.agency(SUZHOU),
                "/api/v1/persons/" + person + "/enrollment/transfer", Map.of("toPoolingArea", NANJING)).exchange()
                .expectStatus().isAccepted().expectBody().returnResult();
        assertThat(token(moved)).isEqualTo(eventIdOf(person, "InsuranceTransferred"));
    }
}
