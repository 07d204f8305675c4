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
        assertThat(keys(paths(document))).contains("/api/v1/payments", "/api/v1/accounts/{personId}/credits",
                "/api/v1/payment-codes/devices", "/api/v1/payment-codes/devices/{deviceId}/revoke");
        assertThat(OpenApiCompleteness.gaps(document))
                .filteredOn(gap -> PLATFORM_PATHS.stream().noneMatch(prefix -> gap.contains(" " + prefix)))
                .isEmpty();
    }

    @Test
    void aPaymentListsEveryRefusalOfTheCodeTheQuotasAndTheIdempotencyKey() {
        Map<?, ?> responses = responses(document(), "/api/v1/payments", "post");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "IDEMPOTENCY_KEY_REUSED",
                "PROVIDER_NOT_DESIGNATED", "CATEGORY_NOT_ALLOWED", "PAYMENT_CODE_INVALID", "PATIENT_NOT_CODE_OWNER",
                "PAYMENT_DEVICE_REVOKED", "PAYMENT_CODE_USED", "PAYMENT_CODE_EXPIRED", "QUOTA_INSUFFICIENT",
                "CONTRIBUTION_YEAR_REQUIRED", "CONTRIBUTION_YEAR_NOT_APPLICABLE", "CONTRIBUTION_YEAR_UNKNOWN",
                "CONTRIBUTION_AMOUNT_MISMATCH");
        assertThat(codes(responses, "400")).containsExactlyInAnyOrder("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN",
                "IDEMPOTENCY_KEY_REQUIRED");
        assertThat(codes(responses, "409")).containsExactlyInAnyOrder("IDEMPOTENCY_KEY_IN_FLIGHT",
                "CONTRIBUTION_ALREADY_PAID");
        assertThat(keys(responses)).contains("201").doesNotContain("404");
    }

    @Test
    void anExplanationNamesEveryCodeThePaymentCouldAnswerAndRefusesOnlyUnreadableBodies() {
        Map<?, ?> document = document();
        Map<?, ?> responses = responses(document, "/api/v1/payments/explain", "post");
        assertThat(keys(responses)).contains("200").doesNotContain("201", "404", "409");
        assertThat(codes(responses, "422")).containsExactly("VALIDATION_FAILED");
        // The code member of the answer lists what POST /payments refuses with, except the Idempotency-Key's.
        Map<?, ?> schema = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("components"))
                .get("schemas")).get("PaymentExplanationView")).get("properties");
        List<?> explained = (List<?>) ((Map<?, ?>) schema.get("code")).get("enum");
        Map<?, ?> payment = responses(document, "/api/v1/payments", "post");
        List<String> refusals = new java.util.ArrayList<>(codes(payment, "422"));
        refusals.addAll(codes(payment, "409"));
        refusals.removeIf(code -> code.startsWith("IDEMPOTENCY_KEY") || code.equals("VALIDATION_FAILED"));
        assertThat(explained).map(String::valueOf).containsExactlyInAnyOrderElementsOf(refusals);
    }

    @Test
    void aCreditDocumentsBothOfItsSuccessesAndItsRefusals() {
        Map<?, ?> document = document();
        Map<?, ?> credit = responses(document, "/api/v1/accounts/{personId}/credits", "post");
        assertThat(keys(credit)).contains("201", "202").doesNotContain("200");
        assertThat(codes(credit, "409")).containsExactlyInAnyOrder("REFERENCE_REUSED", "IDEMPOTENCY_KEY_IN_FLIGHT");
        assertThat(codes(credit, "404")).containsExactly("NOT_FOUND");
        assertThat(codes(credit, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "BALANCE_LIMIT",
                "IDEMPOTENCY_KEY_REUSED");
        assertThat(codes(credit, "400")).containsExactlyInAnyOrder("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN",
                "IDEMPOTENCY_KEY_REQUIRED");
        Map<?, ?> approve = responses(document, "/api/v1/credits/{creditId}/approve", "post");
        assertThat(codes(approve, "400")).contains("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(codes(approve, "409")).containsExactly("IDEMPOTENCY_KEY_IN_FLIGHT");
        assertThat(codes(approve, "422")).contains("BALANCE_LIMIT", "IDEMPOTENCY_KEY_REUSED");
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
