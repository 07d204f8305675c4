package cn.mutualaid.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One access line per request with method, path, status, duration, correlation id and subject; no query or body. */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class AccessLogIT {
    @Autowired WebTestClient web;

    @Test
    void logsTheRequestWithoutQueryStringOrBody(CapturedOutput output) {
        web.post().uri("/api/v1/persons/lookup?idNumber=110101199003074514")
                .headers(h -> h.setBearerAuth(TestJwt.agency("320500")))
                .header("X-Correlation-Id", "access-log-1")
                .bodyValue("{\"idNumber\":\"110101199003074514\"}")
                .exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(line(output, "access-log-1"))
                .contains("POST /api/v1/persons/lookup 200 ")
                .contains("subject=agency-320500"));
        assertThat(output.getOut()).doesNotContain("110101199003074514");
    }

    @Test
    void logsRefusalsToo(CapturedOutput output) {
        web.get().uri("/api/v1/quotas").header("X-Correlation-Id", "access-log-2").exchange()
                .expectStatus().isUnauthorized();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(line(output, "access-log-2"))
                .contains("GET /api/v1/quotas 401 ").contains("subject=-"));
    }

    private static String line(CapturedOutput output, String correlationId) {
        return Arrays.stream(output.getOut().split("\n"))
                .filter(l -> l.contains("cn.mutualaid.gateway.access") && l.contains("correlationId=" + correlationId))
                .findFirst().orElse("");
    }
}
