package cn.mutualaid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console through the real gateway, outside the local profile: pages and assets open and from this origin only,
 * `/` sends a browser to them, the OpenID Connect settings are served for the sign-in page, and the API stays closed.
 */
@GatewayTest
@TestPropertySource(properties = {
    "mesh.console.oidc.issuer=https://idp.example.cn/realms/mesh",
    "mesh.console.oidc.client-id=mesh-console"})
class ConsoleIT {
    @Autowired WebTestClient web;

    @Test
    void theRootRedirectsToTheConsole() {
        web.get().uri("/").exchange().expectStatus().isFound()
                .expectHeader().location("/console/");
        web.get().uri("/console").exchange().expectStatus().isFound()
                .expectHeader().location("/console/");
    }

    @Test
    void servesThePageAndItsHashedAssetsWithoutAToken() {
        byte[] page = web.get().uri("/console/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noCache())
                .expectBody().returnResult().getResponseBody();
        String html = new String(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<div id=\"app\"></div>").contains("lang=\"zh-CN\"");
        // Every script and stylesheet comes from the mesh itself (government networks are closed: no CDN).
        assertThat(html).doesNotContain("http://").doesNotContain("https://");

        Matcher script = Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"").matcher(html);
        assertThat(script.find()).isTrue();
        web.get().uri(script.group(1)).exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"))
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, cache -> assertThat(cache).contains("immutable"));
        web.get().uri("/console/assets/no-such-file.js").exchange().expectStatus().isNotFound();
    }

    @Test
    void thePageMayCallOnlyTheMeshAndTheIdentityProvider() {
        web.get().uri("/console/").exchange().expectStatus().isOk()
                .expectHeader().value("Content-Security-Policy", policy -> assertThat(policy)
                        .contains("default-src 'self'")
                        .contains("connect-src 'self' https://idp.example.cn;")
                        .contains("frame-ancestors 'none'"));
    }

    @Test
    void servesTheSignInSettingsOutsideTheLocalProfile() {
        web.get().uri("/console/config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.devTokens").isEqualTo(false)
                .jsonPath("$.oidc.issuer").isEqualTo("https://idp.example.cn/realms/mesh")
                .jsonPath("$.oidc.clientId").isEqualTo("mesh-console")
                .jsonPath("$.oidc.scope").isEqualTo("openid profile");
        // No token minting here: the console must use the identity provider.
        web.post().uri("/dev/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void openingTheConsoleOpensNoApi() {
        web.get().uri("/api/v1/persons/p1").exchange().expectStatus().isUnauthorized();
        web.post().uri("/console/config").exchange().expectStatus().isUnauthorized();
    }
}
