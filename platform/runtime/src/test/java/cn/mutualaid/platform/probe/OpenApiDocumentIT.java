package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.OpenApiCompleteness;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every service's document carries the bearer scheme, the problem schema and each operation's problem codes. */
@MeshTest
class OpenApiDocumentIT {
    @Autowired WebTestClient web;

    private Map<?, ?> document() {
        return web.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void anOperationListsItsOwnRefusalsBesideTheOnesEveryOperationCanGive() {
        Map<?, ?> responses = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document().get("paths"))
                .get("/probe/things")).get("post")).get("responses");
        assertThat(codes(responses, "409")).containsExactly("THING_EXISTS");
        assertThat(codes(responses, "422")).containsExactlyInAnyOrder("VALIDATION_FAILED", "THING_REFUSED", "THING_TOO_BIG");
        assertThat(codes(responses, "400")).containsExactly("MALFORMED_REQUEST", "INVALID_CONSISTENCY_TOKEN");
        assertThat(codes(responses, "401")).containsExactly("UNAUTHORIZED");
        assertThat(codes(responses, "406")).containsExactly("NOT_ACCEPTABLE");
        assertThat(codes(responses, "503")).containsExactly("SERVICE_UNAVAILABLE", "NOT_YET_CONSISTENT");
        // It reads a body: one too large or not JSON is refused before the handler.
        assertThat(codes(responses, "413")).containsExactly("PAYLOAD_TOO_LARGE");
        assertThat(codes(responses, "415")).containsExactly("UNSUPPORTED_MEDIA_TYPE");
        assertThat(((Map<?, ?>) ((Map<?, ?>) responses.get("200")).get("content")).keySet().stream().map(String::valueOf))
                .containsExactly("application/json");
        Map<?, ?> media = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) responses.get("409")).get("content")).get("application/problem+json");
        assertThat(((Map<?, ?>) media.get("schema")).get("$ref")).isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void theDocumentDescribesTheBearerSchemeAndOnlyTheUndescribedOperationsHaveGaps() {
        List<String> gaps = OpenApiCompleteness.gaps(document());
        assertThat(gaps).noneMatch(gap -> gap.startsWith("components"));
        assertThat(gaps).noneMatch(gap -> gap.startsWith("POST /probe/things"));
        // The probe's other operations carry no summary: the check sees it.
        assertThat(gaps).contains("GET /probe/whoami: no summary");
        assertThat(gaps).noneMatch(gap -> gap.contains("any media type"));
    }

    @Test
    void anOperationIsNamedAfterItsHandlerAndController() {
        Map<?, ?> paths = (Map<?, ?>) document().get("paths");
        assertThat(((Map<?, ?>) ((Map<?, ?>) paths.get("/probe/things")).get("post")).get("operationId"))
                .isEqualTo("createProbe");
        assertThat(((Map<?, ?>) ((Map<?, ?>) paths.get("/probe/whoami")).get("get")).get("operationId"))
                .isEqualTo("whoamiProbe");
    }

    private static List<String> codes(Map<?, ?> responses, String status) {
        return ((List<?>) ((Map<?, ?>) responses.get(status)).get("x-problem-codes")).stream().map(String::valueOf).toList();
    }
}
