package cn.mutualaid.relation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.OpenApiCompleteness;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hospital vendor integrates from {@code /v3/api-docs} alone: every operation of this service must say what it does
 * and every problem code it can answer. The platform's audit and parked-message endpoints are documented by the
 * platform, not here.
 */
class OpenApiCompletenessIT extends MeshFixture {
    private static final List<String> PLATFORM_PATHS = List.of("/api/v1/audit", "/api/v1/parked-messages");

    private Map<?, ?> document() {
        return web.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void everyRelationshipOperationIsDocumentedForAVendor() {
        Map<?, ?> document = document();
        assertThat(paths(document).keySet().stream().map(String::valueOf))
                .as("the service's own operations are in the document")
                .contains("/api/v1/relations", "/api/v1/relations/{relationId}/consent");
        List<String> gaps = OpenApiCompleteness.gaps(document).stream()
                .filter(gap -> PLATFORM_PATHS.stream().noneMatch(path -> gap.contains(" " + path)))
                .toList();
        assertThat(gaps).isEmpty();
    }

    @Test
    void establishingListsEveryRuleThatCanRefuseIt() {
        Map<?, ?> responses = responses(document(), "/api/v1/relations", "post");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "SELF_RELATION",
                "NOT_EMPLOYEE_INSURED", "BENEFICIARY_NOT_INSURED", "KINSHIP_NOT_VERIFIED", "KINSHIP_OUT_OF_SCOPE",
                "INTRA_PROVINCE_NOT_LIVE", "CROSS_PROVINCE_NOT_LIVE");
        assertThat(codes(responses, "409")).containsExactly("RELATION_EXISTS");
        assertThat(codes(responses, "403")).containsExactlyInAnyOrder("FORBIDDEN", "NOT_PARTIES_AGENCY");
    }

    @Test
    void consentListsWhoMayNotAnswerAndWhenItIsTooLate() {
        Map<?, ?> responses = responses(document(), "/api/v1/relations/{relationId}/consent", "post");
        assertThat(codes(responses, "403")).containsExactlyInAnyOrder("FORBIDDEN", "NOT_BENEFICIARY",
                "NOT_BENEFACTOR");
        assertThat(codes(responses, "404")).containsExactly("NOT_FOUND");
        assertThat(codes(responses, "409")).containsExactly("RELATION_NOT_PENDING");
    }

    @Test
    void dissolvingShowsTheShapeOfItsAnswerAndItsConflict() {
        Map<?, ?> document = document();
        Map<?, ?> responses = responses(document, "/api/v1/relations/{relationId}/dissolve", "post");
        Map<?, ?> accepted = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) responses.get("202")).get("content")).values()
                .iterator().next();
        // A schema of its own (not a bare object), so that a generated client has a typed answer.
        String ref = String.valueOf(((Map<?, ?>) accepted.get("schema")).get("$ref"));
        assertThat(ref).isEqualTo("#/components/schemas/Dissolving");
        Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("components"))
                .get("schemas")).get("Dissolving")).get("properties");
        assertThat(properties.keySet().stream().map(String::valueOf)).containsExactlyInAnyOrder("relationId", "status");
        assertThat(((List<?>) ((Map<?, ?>) properties.get("status")).get("enum")).stream().map(String::valueOf))
                .containsExactlyInAnyOrder("DISSOLVING", "DISSOLVED");
        assertThat(codes(responses, "409")).containsExactly("RELATION_NOT_LIVE");
    }

    private static Map<?, ?> paths(Map<?, ?> document) {
        return (Map<?, ?>) document.get("paths");
    }

    private static Map<?, ?> responses(Map<?, ?> document, String path, String method) {
        return (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) paths(document).get(path)).get(method)).get("responses");
    }

    private static List<String> codes(Map<?, ?> responses, String status) {
        return ((List<?>) ((Map<?, ?>) responses.get(status)).get("x-problem-codes")).stream()
                .map(String::valueOf).toList();
    }
}
