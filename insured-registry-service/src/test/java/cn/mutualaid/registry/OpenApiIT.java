package cn.mutualaid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service describes its endpoints (springdoc), with the exact paths of docs/api.md. */
class OpenApiIT extends RegistryTestBase {

    @Test
    void theOpenApiDocumentListsEveryRegistryPath() {
        // Outside the local profile the document needs a token (any role).
        Map<?, ?> doc = web.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(TestJwt.admin()))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> paths = (Map<?, ?>) doc.get("paths");
        assertThat(paths.keySet().stream().map(String::valueOf).toList()).contains(
                "/api/v1/persons",
                "/api/v1/persons/lookup",
                "/api/v1/persons/{personId}",
                "/api/v1/persons/{personId}/enrollment",
                "/api/v1/persons/{personId}/enrollment/transfer",
                "/api/v1/transfers",
                "/api/v1/transfers/{transferId}/confirm",
                "/api/v1/transfers/{transferId}/refuse",
                "/api/v1/transfers/{transferId}/withdraw",
                "/api/v1/persons/{personId}/enrollment/terminate",
                "/api/v1/persons/{personId}/enrollments",
                "/api/v1/persons/{personId}/transfers",
                "/api/v1/persons/{personId}/kinships",
                "/api/v1/kinships",
                "/api/v1/regions/provinces",
                "/api/v1/regions/provinces/{code}/areas",
                "/api/v1/regions/provinces/{code}/rollout",
                "/api/v1/regions/provinces/{code}/rollout/history",
                "/api/v1/regions/areas/{code}/rollout",
                "/api/v1/regions/areas/{code}/rollout/history",
                "/api/v1/providers",
                "/api/v1/providers/{providerId}");
        assertThat(((Map<?, ?>) paths.get("/api/v1/regions/provinces/{code}/rollout")).containsKey("put")).isTrue();
    }
}
