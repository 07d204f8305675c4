package cn.mutualaid.gateway.devtokens;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.testing.TestJwt;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The local profile: POST /dev/tokens mints RS256 tokens with the launcher's private key (here a key pair made for
 * the test), open without a token, and the gateway accepts what it minted.
 */
@GatewayTest
@ActiveProfiles("local")
class LocalProfileIT {
    @Autowired WebTestClient web;

    @Test
    void mintsATokenTheGatewayAccepts() throws Exception {
        Map<?, ?> minted = web.post().uri("/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sub", "agency-320500", "roles", List.of("AGENCY"), "area", "320500",
                        "ttlSeconds", 600))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        String token = (String) minted.get("token");
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("agency-320500");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("AGENCY");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("area")).isEqualTo("320500");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(TestJwt.ISSUER);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(TestJwt.AUDIENCE);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime())
                .isEqualTo(600_000);

        web.get().uri("/api/v1/persons/p1").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo("registry")
                .jsonPath("$.authorization").isEqualTo("Bearer " + token);
        // The role in the token is what the gateway enforces.
        web.put().uri("/api/v1/regions/provinces/320000/rollout").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void tellsTheConsoleToOfferTheRolePicker() {
        web.get().uri("/console/config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.devTokens").isEqualTo(true).jsonPath("$.oidc").isEmpty();
    }

    @Test
    void refusesUnknownRolesAndIncompleteRequests() {
        mint(Map.of("sub", "x", "roles", List.of("SUPERUSER"))).isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_ROLE");
        mint(Map.of("sub", "agency-x", "roles", List.of("AGENCY"))).isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("AREA_REQUIRED");
        mint(Map.of("sub", "", "roles", List.of("ADMIN"))).isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        mint(Map.of("sub", "x", "roles", List.of())).isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        mint(Map.of("sub", "x", "roles", List.of("ADMIN"), "ttlSeconds", 864_000)).isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("TTL_TOO_LONG");
        // Nothing longer than the mesh accepts (mesh.security.jwt.max-lifetime, 1 h) is minted.
        mint(Map.of("sub", "x", "roles", List.of("ADMIN"), "ttlSeconds", 3601)).isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("TTL_TOO_LONG");
    }

    private org.springframework.test.web.reactive.server.StatusAssertions mint(Map<String, Object> body) {
        return web.post().uri("/dev/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus();
    }
}
