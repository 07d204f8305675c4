package cn.mutualaid.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway starts, is healthy, refuses calls without a valid token, and mints no tokens outside "local". */
@GatewayTest
class GatewayApplicationIT {
    @Autowired WebTestClient web;

    @Test
    void startsHealthyAndRefusesAnonymousCalls() {
        web.get().uri("/livez").exchange().expectStatus().isOk();
        web.get().uri("/readyz").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/quotas").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void refusesForgedAndExpiredTokens() {
        web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(TestJwt.forged("p-1", "INSURED")))
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        String expired = TestJwt.mint("p-1", null, java.time.Duration.ofMinutes(-5), "INSURED");
        web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(expired))
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    /** The gateway applies the platform's claim rules too: issuer, audience, a bounded lifetime. */
    @Test
    void refusesTokensWithoutAudienceOfAnotherIssuerOrLivingTooLong() {
        for (String token : new String[] {
                TestJwt.sign(TestJwt.claims("p-1", null, Duration.ofMinutes(10), "INSURED").audience((String) null)),
                TestJwt.sign(TestJwt.claims("p-1", null, Duration.ofMinutes(10), "INSURED").issuer("https://other.invalid")),
                TestJwt.mint("p-1", null, Duration.ofHours(2), "INSURED")}) {
            web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }
        // The same claims with the expected audience, issuer and lifetime pass the gateway to the service.
        web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(TestJwt.mint("p-1", null, Duration.ofMinutes(10),
                "INSURED"))).exchange().expectStatus().isOk();
    }

    @Test
    void devTokensDoNotExistOutsideTheLocalProfile() {
        Map<String, Object> request = Map.of("sub", "admin", "roles", java.util.List.of("ADMIN"));
        byte[] anonymous = web.post().uri("/dev/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();
        byte[] authenticated = web.post().uri("/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(TestJwt.admin())).bodyValue(request)
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND")
                .returnResult().getResponseBody();
        assertThat(new String(anonymous)).doesNotContain("token\"");
        assertThat(new String(authenticated)).doesNotContain("token\"");
    }
}
