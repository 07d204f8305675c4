package cn.mutualaid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiCompletenessTest {
    private static final Map<String, Object> BEARER = Map.of("securitySchemes",
            Map.of("bearer", Map.of("type", "http", "scheme", "bearer")));
    private static final Map<String, Object> JSON = Map.of("content",
            Map.of("application/json", Map.of("schema", Map.of("type", "object"))));

    private static Map<String, Object> document(Map<String, Object> operation) {
        return Map.of("components", BEARER, "security", List.of(Map.of("bearer", List.of())),
                "paths", Map.of("/api/v1/payments", Map.of("post", operation)));
    }

    @Test
    void aFullyDescribedOperationHasNoGaps() {
        var op = Map.<String, Object>of("summary", "Pay with a patient's code", "requestBody", JSON,
                "responses", Map.of("201", JSON, "422", Map.of("x-problem-codes", List.of("QUOTA_INSUFFICIENT"))));
        assertThat(OpenApiCompleteness.gaps(document(op))).isEmpty();
    }

    @Test
    void eachMissingPieceIsNamed() {
        var op = Map.<String, Object>of("requestBody", Map.of("content", Map.of("application/json", Map.of())),
                "responses", Map.of("201", Map.of("content", Map.of("application/json", Map.of())),
                        "422", Map.of("description", "refused")),
                "security", List.of());
        assertThat(OpenApiCompleteness.gaps(document(op))).containsExactlyInAnyOrder(
                "POST /api/v1/payments: no summary",
                "POST /api/v1/payments: no bearer security requirement",
                "POST /api/v1/payments: request body without a schema",
                "POST /api/v1/payments: response 201 without a schema",
                "POST /api/v1/payments: response 422 lists no problem codes");
    }

    @Test
    void aSuccessBodyOfAnyMediaTypeIsAGap() {
        var op = Map.<String, Object>of("summary", "Read an account", "responses",
                Map.of("200", Map.of("content", Map.of("*/*", Map.of("schema", Map.of("type", "object"))))));
        assertThat(OpenApiCompleteness.gaps(document(op)))
                .containsExactly("POST /api/v1/payments: response 200 of any media type, not application/json");
    }

    @Test
    void aDocumentWithoutTheSchemeOrASuccessResponseIsIncomplete() {
        var op = Map.<String, Object>of("summary", "x", "responses", Map.of());
        var doc = Map.<String, Object>of("paths", Map.of("/x", Map.of("get", op)));
        assertThat(OpenApiCompleteness.gaps(doc)).contains("components: no bearer security scheme",
                "GET /x: no bearer security requirement", "GET /x: no success response");
    }
}
