package cn.mutualaid.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.OpenApiCompleteness;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A hospital vendor reads every wallet operation's summary, bodies and refusals from the OpenAPI document alone. */
@MeshTest
class OpenApiCompletenessIT {
    /** The platform's own endpoints, documented by the platform. */
    private static final List<String> PLATFORM_PATHS = List.of("/api/v1/audit", "/api/v1/parked-messages");

    @Autowired WebTestClient web;

    private Map<?, ?> document() {
        return web.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void everyWalletOperationIsDocumentedForAVendor() {
        Map<?, ?> document = document();
        assertThat(keys(paths(document))).contains("/api/v1/payments", "/api/v1/accounts/{personId}/credits");
        assertThat(OpenApiCompleteness.gaps(document))
                .filteredOn(gap -> PLATFORM_PATHS.stream().noneMatch(prefix -> gap.contains(" " + prefix)))
                .isEmpty();
    }

    @Test
    void aPaymentListsEveryRefusalOfTheCodeTheQuotasAndTheIdempotencyKey() {
        Map<?, ?> responses = responses(document(), "/api/v1/payments", "post");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "IDEMPOTENCY_KEY_REUSED",
                "PROVIDER_NOT_DESIGNATED", "CATEGORY_NOT_ALLOWED", "PAYMENT_CODE_INVALID", "PATIENT_NOT_CODE_OWNER",
                "PAYMENT_CODE_USED", "PAYMENT_CODE_EXPIRED", "QUOTA_INSUFFICIENT");
        assertThat(codes(responses, "400")).containsExactlyInAnyOrder("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN",
                "IDEMPOTENCY_KEY_REQUIRED");
        assertThat(codes(responses, "409")).containsExactly("IDEMPOTENCY_KEY_IN_FLIGHT");
        assertThat(keys(responses)).contains("201").doesNotContain("404");
    }

    @Test
    void aCreditDocumentsBothOfItsSuccessesAndItsRefusals() {
        Map<?, ?> document = document();
        Map<?, ?> credit = responses(document, "/api/v1/accounts/{personId}/credits", "post");
        assertThat(keys(credit)).contains("201", "202").doesNotContain("200");
        assertThat(codes(credit, "409")).containsExactly("REFERENCE_REUSED");
        assertThat(codes(credit, "404")).containsExactly("NOT_FOUND");
        assertThat(codes(credit, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "BALANCE_LIMIT");
        Map<?, ?> ledger = responses(document, "/api/v1/ledger/check", "get");
        assertThat(codes(ledger, "503")).containsExactlyInAnyOrder("SERVICE_UNAVAILABLE", "NOT_YET_CONSISTENT", "LEDGER_CHECK_BUSY",
                "LEDGER_CHECK_TIMEOUT");
    }

    private static List<String> keys(Map<?, ?> map) {
        return map.keySet().stream().map(String::valueOf).toList();
    }

    private static Map<?, ?> paths(Map<?, ?> document) {
        return (Map<?, ?>) document.get("paths");
    }

    private static Map<?, ?> responses(Map<?, ?> document, String path, String method) {
        return (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) paths(document).get(path)).get(method)).get("responses");
    }

    private static List<String> codes(Map<?, ?> responses, String status) {
        return ((List<?>) ((Map<?, ?>) responses.get(status)).get("x-problem-codes")).stream().map(String::valueOf).toList();
    }
}
