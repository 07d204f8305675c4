package cn.mutualaid.gateway;

import cn.mutualaid.testing.TestJwt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway starts, is healthy, and refuses an anonymous API call with problem+json. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayApplicationIT {
    @Autowired WebTestClient web;

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("mesh.security.jwt.public-key-location", () -> "file:" + TestJwt.publicKeyFile());
        registry.add("logging.structured.format.console", () -> "");
    }

    @Test
    void startsHealthyAndRefusesAnonymousCalls() {
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/quotas").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }
}
