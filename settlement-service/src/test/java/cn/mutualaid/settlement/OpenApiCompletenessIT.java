package cn.mutualaid.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.OpenApiCompleteness;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A hospital-software vendor reads every settlement operation in the OpenAPI document: a summary, its success body
 * and every problem code it can answer. The platform's audit and parked-message endpoints are documented by the
 * platform, not here.
 */
@MeshTest
class OpenApiCompletenessIT {
    private static final List<String> PLATFORM_PATHS = List.of("/api/v1/audit", "/api/v1/parked-messages");

    @Autowired WebTestClient web;

    private Map<?, ?> document() {
        return web.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void everySettlementOperationIsDocumentedForAVendor() {
        Map<?, ?> document = document();
        List<String> gaps = OpenApiCompleteness.gaps(document).stream()
                .filter(gap -> PLATFORM_PATHS.stream().noneMatch(prefix -> gap.contains(" " + prefix)))
                .toList();
        assertThat(gaps).isEmpty();
        // The check must have seen the service's own operations, not an empty document.
        assertThat(keys(paths(document))).contains("/api/v1/settlement/prepaid-funds/{province}/top-ups",
                "/api/v1/settlement/periods/{period}/close", "/api/v1/settlement/stats");
    }

    @Test
    void aTopUpListsItsRefusalsBesideTheOnesEveryOperationCanGive() {
        Map<?, ?> responses = responses("/api/v1/settlement/prepaid-funds/{province}/top-ups", "post");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "FUND_LIMIT",
                "IDEMPOTENCY_KEY_REUSED");
        assertThat(codes(responses, "409")).containsExactlyInAnyOrder("REFERENCE_REUSED", "IDEMPOTENCY_KEY_IN_FLIGHT");
        assertThat(codes(responses, "400")).containsExactlyInAnyOrder("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN",
                "INVALID_PROVINCE",
                "IDEMPOTENCY_KEY_REQUIRED");
        // Created, a repeat, or waiting for a second operator: each answer has its body.
        assertThat(keys(responses)).contains("200", "201", "202");
    }

    @Test
    void statisticsListTheirRangeAndInputRefusalsAndOfferCsv() {
        Map<?, ?> responses = responses("/api/v1/settlement/stats", "get");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "INVALID_RANGE",
                "INVALID_FORMAT");
        assertThat(codes(responses, "400")).containsExactlyInAnyOrder("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN",
                "INVALID_PROVINCE", "INVALID_SIDE");
        Map<?, ?> content = (Map<?, ?>) ((Map<?, ?>) responses.get("200")).get("content");
        assertThat(keys(content)).contains("application/json", "text/csv");
    }

    @Test
    void approvingOnesOwnTopUpIsDocumentedAsTheFourEyesRefusal() {
        Map<?, ?> responses = responses("/api/v1/settlement/prepaid-funds/top-ups/{topUpId}/approve", "post");
        assertThat(codes(responses, "403")).containsExactlyInAnyOrder("FORBIDDEN", "FOUR_EYES_SAME_OPERATOR");
        assertThat(codes(responses, "404")).containsExactly("NOT_FOUND");
        assertThat(codes(responses, "400")).containsExactlyInAnyOrder("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN",
                "IDEMPOTENCY_KEY_REQUIRED");
        assertThat(codes(responses, "409")).containsExactly("IDEMPOTENCY_KEY_IN_FLIGHT");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "FUND_LIMIT",
                "IDEMPOTENCY_KEY_REUSED");
    }

    private Map<?, ?> responses(String path, String method) {
        Map<?, ?> operation = (Map<?, ?>) ((Map<?, ?>) paths(document()).get(path)).get(method);
        return (Map<?, ?>) operation.get("responses");
    }

    private static Map<?, ?> paths(Map<?, ?> document) {
        return (Map<?, ?>) document.get("paths");
    }

    private static List<String> keys(Map<?, ?> map) {
        return map.keySet().stream().map(String::valueOf).toList();
    }

    private static List<String> codes(Map<?, ?> responses, String status) {
        return ((List<?>) ((Map<?, ?>) responses.get(status)).get("x-problem-codes")).stream()
                .map(String::valueOf).toList();
    }
}
