package cn.mutualaid.platform.probe;

import cn.mutualaid.testing.ManagementPort;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The one problem+json handler and the one security chain, seen from a client. */
@MeshTest
class ProblemsAndSecurityIT {
    @Autowired WebTestClient web;
    @Autowired Environment environment;

    @Test
    void noTokenIs401ProblemJson() {
        web.post().uri("/probe/things").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"a\",\"amountFen\":1}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void aForgedOrExpiredTokenIs401() {
        for (String token : new String[] {TestJwt.forged("x", "AGENCY"),
                TestJwt.mint("x", "320500", Duration.ofSeconds(-120), "AGENCY")}) {
            web.get().uri("/probe/whoami").headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void theWrongRoleIs403ProblemJson() {
        web.post().uri("/probe/things").headers(h -> h.setBearerAuth(TestJwt.insured("p-1")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"a\",\"amountFen\":1}")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
    }

    @Test
    void rolesAndSubjectReachTheService() {
        web.get().uri("/probe/whoami").headers(h -> h.setBearerAuth(TestJwt.insured("p-42"))).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.subject").isEqualTo("p-42").jsonPath("$.roles").isEqualTo("[INSURED]");
    }

    @Test
    void invalidBodyIs422WithTheFields() {
        web.post().uri("/probe/things").headers(h -> h.setBearerAuth(TestJwt.agency("320500")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\" \",\"amountFen\":0}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED").jsonPath("$.errors.length()").isEqualTo(2);
    }

    @Test
    void malformedJsonAndWrongTypesAre400() {
        for (String body : new String[] {"{\"name\":", "{\"name\":\"a\",\"amountFen\":\"lots\"}", "[]"}) {
            web.post().uri("/probe/things").headers(h -> h.setBearerAuth(TestJwt.agency("320500")))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        }
    }

    @Test
    void aOneMegabyteBodyIs413() {
        String huge = "{\"name\":\"" + "x".repeat(1_000_000) + "\",\"amountFen\":1}";
        web.post().uri("/probe/things").headers(h -> h.setBearerAuth(TestJwt.agency("320500")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(huge)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void unknownPathIs404ProblemJsonAndProbesAreOpen() {
        web.get().uri("/no/such/thing").headers(h -> h.setBearerAuth(TestJwt.agency("320500"))).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        web.get().uri("/readyz").exchange().expectStatus().isOk();
        web.get().uri("/livez").exchange().expectStatus().isOk();
        WebTestClient management = ManagementPort.client(environment);
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body).contains("mesh_outbox_published"));
    }
}
