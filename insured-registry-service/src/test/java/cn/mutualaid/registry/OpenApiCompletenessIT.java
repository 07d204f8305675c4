package cn.mutualaid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.OpenApiCompleteness;
import cn.mutualaid.testing.TestJwt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every registry operation tells a hospital vendor what it does and every problem code it can answer. */
class OpenApiCompletenessIT extends RegistryTestBase {
    /** The platform's own endpoints, documented by the platform, not by this service. */
    private static final List<String> PLATFORM_PATHS = List.of("/api/v1/audit", "/api/v1/parked-messages");

    private Map<?, ?> document() {
        return get(TestJwt.admin(), "/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void everyRegistryOperationIsDescribedCompletely() {
        Map<?, ?> document = document();
        List<String> gaps = OpenApiCompleteness.gaps(document).stream()
                .filter(gap -> PLATFORM_PATHS.stream().noneMatch(prefix -> gap.contains(" " + prefix)))
                .toList();
        assertThat(gaps).isEmpty();
        // The check saw the service's operations, not an empty document.
        assertThat(paths(document).keySet().stream().map(String::valueOf).toList()).contains("/api/v1/persons", "/api/v1/persons/{personId}/enrollment/transfer");
    }

    /** Beyond what the platform's check asks: a vendor also reads who may call each operation, under a named tag. */
    @Test
    void everyRegistryOperationSaysWhoMayCallItUnderANamedTag() {
        List<String> undescribed = new ArrayList<>();
        paths(document()).forEach((path, item) -> {
            if (PLATFORM_PATHS.stream().noneMatch(prefix -> String.valueOf(path).startsWith(prefix))) {
                ((Map<?, ?>) item).forEach((method, operation) -> {
                    Map<?, ?> op = (Map<?, ?>) operation;
                    boolean described = op.get("description") instanceof String d && !d.isBlank();
                    boolean named = op.get("tags") instanceof List<?> tags && !tags.isEmpty()
                            && tags.stream().noneMatch(tag -> String.valueOf(tag).endsWith("-controller"));
                    if (!described || !named) {
                        undescribed.add(method + " " + path);
                    }
                });
            }
        });
        assertThat(undescribed).isEmpty();
    }

    @Test
    void theTransferFilingListsItsOwnRefusalsBesideTheCommonOnes() {
        Map<?, ?> responses = responses("/api/v1/persons/{personId}/enrollment/transfer", "post");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder(
                "VALIDATION_FAILED", "NOT_ENROLLED", "SAME_POOLING_AREA", "UNKNOWN_POOLING_AREA");
        assertThat(codes(responses, "409")).containsExactly("TRANSFER_ALREADY_REQUESTED");
        assertThat(codes(responses, "404")).containsExactly("NOT_FOUND");
    }

    @Test
    void registrationAndConfirmationListTheirOwnConflicts() {
        Map<?, ?> register = responses("/api/v1/persons", "post");
        assertThat(codes(register, "409")).containsExactly("PERSON_EXISTS");
        assertThat(codes(register, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "INVALID_ID_NUMBER");
        Map<?, ?> confirm = responses("/api/v1/transfers/{transferId}/confirm", "post");
        assertThat(codes(confirm, "409")).containsExactlyInAnyOrder("TRANSFER_NOT_OPEN", "ENROLLMENT_CHANGED");
        assertThat(codes(confirm, "403")).containsExactlyInAnyOrder("FORBIDDEN", "TRANSFER_NOT_YOURS");
    }

    private Map<?, ?> responses(String path, String method) {
        Map<?, ?> operation = (Map<?, ?>) ((Map<?, ?>) paths(document()).get(path)).get(method);
        return (Map<?, ?>) operation.get("responses");
    }

    private static Map<?, ?> paths(Map<?, ?> document) {
        return (Map<?, ?>) document.get("paths");
    }

    private static List<String> codes(Map<?, ?> responses, String status) {
        return ((List<?>) ((Map<?, ?>) responses.get(status)).get("x-problem-codes")).stream()
                .map(String::valueOf).toList();
    }
}
