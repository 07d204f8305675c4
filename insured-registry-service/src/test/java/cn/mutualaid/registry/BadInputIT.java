package cn.mutualaid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.Ids;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Malformed, mistyped, oversized and out-of-range input: a 4xx problem+json with a stable code, and nothing stored. */
class BadInputIT extends RegistryTestBase {
    private static final List<String> TABLES = List.of("person", "enrollment", "kinship", "provider", "rollout_setting",
            "outbox");

    private record Case(HttpMethod method, String uri, String body, int status, String code) {
    }

    private List<Long> rowCounts() {
        return TABLES.stream().map(t -> count("select count(*) from " + t)).toList();
    }

    @Test
    void everyBadRequestIsRefusedWithAProblemAndChangesNothing() {
        String person = enrolledPerson("EMPLOYEE", SUZHOU);
        String other = enrolledPerson("EMPLOYEE", SUZHOU);
        String enrollment = "/api/v1/persons/" + registerPerson() + "/enrollment";
        String valid = Ids.random();
        String longName = "名".repeat(101);
        String megabyte = "x".repeat(1_048_576);
        List<Case> cases = List.of(
                // malformed JSON
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\":", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, "/api/v1/persons", "not json at all", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, "/api/v1/kinships", "{\"personId\": \"" + person + "\"", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, "/api/v1/persons", "", 400, "MALFORMED_REQUEST"),
                // wrong types
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": {\"n\": 1}, \"name\": \"a\"}", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": [\"a\"]}", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, "/api/v1/persons", "[]", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, enrollment, "{\"scheme\": \"EMPLOYEE\", \"poolingArea\": [\"320500\"]}", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.PUT, "/api/v1/regions/provinces/130000/rollout",
                        "{\"crossProvince\": {}, \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        400, "MALFORMED_REQUEST"),
                // unknown enum values
                new Case(HttpMethod.POST, enrollment, "{\"scheme\": \"MILITARY\", \"poolingArea\": \"320500\"}", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, "/api/v1/providers", "{\"name\": \"a\", \"type\": \"CLINIC\", \"poolingArea\": \"320500\"}", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.POST, "/api/v1/kinships",
                        "{\"personId\": \"" + person + "\", \"relativeId\": \"" + other + "\", \"kinship\": \"COUSIN\"}", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.PUT, "/api/v1/regions/provinces/130000/rollout",
                        "{\"crossProvince\": true, \"kinshipScope\": \"ALL\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        400, "MALFORMED_REQUEST"),
                // huge and otherwise invalid strings
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"" + longName + "\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"" + "a".repeat(100_000) + "\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"a\\u0000b\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"   \"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + "1".repeat(5000) + "\", \"name\": \"a\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"name\": \"a\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/providers", "{\"name\": \"" + longName + "\", \"type\": \"RETAIL_PHARMACY\", \"poolingArea\": \"320500\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/kinships",
                        "{\"personId\": \"" + "p".repeat(65) + "\", \"relativeId\": \"" + other + "\", \"kinship\": \"SIBLING\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons/" + person + "/enrollment/terminate", "{\"reason\": \"" + "r".repeat(201) + "\"}", 422, "VALIDATION_FAILED"),
                // invisible, bidi and whitespace-only text
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"\\u202Eevil\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"\\u3000\\u3000\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"张\\u200B三\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"张\\ud800\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/providers", "{\"name\": \"a\\u2066b\", \"type\": \"RETAIL_PHARMACY\", \"poolingArea\": \"320500\"}", 422, "VALIDATION_FAILED"),
                new Case(HttpMethod.POST, "/api/v1/persons/" + person + "/enrollment/terminate", "{\"reason\": \"\\uFEFF\"}", 422, "VALIDATION_FAILED"),
                // scalars of another JSON type are never coerced
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": 7}", 400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.PUT, "/api/v1/regions/provinces/130000/rollout",
                        "{\"crossProvince\": \"true\", \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.PUT, "/api/v1/regions/provinces/130000/rollout",
                        "{\"crossProvince\": 1, \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        400, "MALFORMED_REQUEST"),
                // dates the database cannot hold
                new Case(HttpMethod.PUT, "/api/v1/regions/provinces/130000/rollout",
                        "{\"crossProvince\": true, \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"+300000-01-01T00:00:00Z\"}",
                        422, "VALIDATION_FAILED"),
                new Case(HttpMethod.PUT, "/api/v1/regions/provinces/130000/rollout",
                        "{\"crossProvince\": true, \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"0000-01-01T00:00:00Z\"}",
                        422, "VALIDATION_FAILED"),
                // a pooling area's rollout: unknown steps, wrong types, missing or impossible fields
                new Case(HttpMethod.PUT, "/api/v1/regions/areas/320500/rollout",
                        "{\"geographicScope\": \"EVERYWHERE\", \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.PUT, "/api/v1/regions/areas/320500/rollout",
                        "{\"geographicScope\": 2, \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.PUT, "/api/v1/regions/areas/320500/rollout",
                        "{\"geographicScope\": \"SAME_AREA\", \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"soon\"}",
                        400, "MALFORMED_REQUEST"),
                new Case(HttpMethod.PUT, "/api/v1/regions/areas/320500/rollout",
                        "{\"geographicScope\": \"SAME_AREA\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        422, "VALIDATION_FAILED"),
                new Case(HttpMethod.PUT, "/api/v1/regions/areas/320500/rollout",
                        "{\"geographicScope\": \"SAME_AREA\", \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"+300000-01-01T00:00:00Z\"}",
                        422, "VALIDATION_FAILED"),
                // ids and codes of another shape in the path name nothing
                new Case(HttpMethod.POST, "/api/v1/persons/a'b/enrollment", "{\"scheme\": \"EMPLOYEE\", \"poolingArea\": \"320500\"}", 404, "NOT_FOUND"),
                new Case(HttpMethod.PUT, "/api/v1/regions/provinces/13x000/rollout",
                        "{\"crossProvince\": true, \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        404, "NOT_FOUND"),
                new Case(HttpMethod.PUT, "/api/v1/regions/areas/3205x0/rollout",
                        "{\"geographicScope\": \"SAME_AREA\", \"kinshipScope\": \"NUCLEAR\", \"effectiveFrom\": \"2025-07-01T00:00:00Z\"}",
                        404, "NOT_FOUND"),
                // a 1 MB body
                new Case(HttpMethod.POST, "/api/v1/persons", "{\"idNumber\": \"" + valid + "\", \"name\": \"" + megabyte + "\"}", 413, "PAYLOAD_TOO_LARGE"),
                new Case(HttpMethod.POST, "/api/v1/providers", "{\"name\": \"" + megabyte + "\", \"type\": \"RETAIL_PHARMACY\", \"poolingArea\": \"320500\"}", 413, "PAYLOAD_TOO_LARGE"));

        List<Long> before = rowCounts();
        for (Case c : cases) {
            String token = c.method() == HttpMethod.PUT ? TestJwt.admin() : TestJwt.agency(JIANGSU);
            web.method(c.method()).uri(c.uri()).headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(c.body())
                    .exchange()
                    .expectStatus().isEqualTo(c.status())
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo(c.code())
                    .jsonPath("$.status").isEqualTo(c.status());
        }
        web.post().uri("/api/v1/persons").headers(h -> h.setBearerAuth(TestJwt.agency(JIANGSU)))
                .contentType(MediaType.TEXT_PLAIN).bodyValue("idNumber=" + valid)
                .exchange().expectStatus().isEqualTo(415)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(personsWithNumber(valid)).isZero();
    }

    @Test
    void pathIdsAndPagingOfAnotherShapeAre4xx() {
        String token = TestJwt.agency(JIANGSU);
        // The id is a URI variable, so it reaches the service percent-encoded as a client would send it.
        for (List<String> uri : List.of(List.of("/api/v1/persons/{id}", "p".repeat(65)), List.of("/api/v1/persons/{id}/kinships", "\u202Ep"),
                List.of("/api/v1/providers/{id}", "a'b"))) {
            web.get().uri(uri.get(0), uri.get(1)).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        }
        String history = "/api/v1/persons/" + enrolledPerson("EMPLOYEE", SUZHOU) + "/enrollments";
        for (String query : List.of("?page=-1", "?page=2000000000", "?size=0", "?size=100000")) {
            web.get().uri(history + query).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        for (String query : List.of("?page=abc", "?page=99999999999", "?size=1.5")) {
            web.get().uri(history + query).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        }
    }

    @Test
    void namesAreStoredInOneNormalForm() {
        Map<?, ?> body = post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", Ids.random(), "name", "Jose\u0301"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("name")).isEqualTo("Jos\u00E9");
    }

    @Test
    void validInputAfterAllThatStillWorks() {
        Map<?, ?> body = post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", Ids.random(), "name", "名".repeat(100)))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((String) body.get("name")).hasSize(100);
    }
}
