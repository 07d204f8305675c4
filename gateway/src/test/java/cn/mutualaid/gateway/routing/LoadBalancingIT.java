package cn.mutualaid.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.gateway.support.StubServices;
import cn.mutualaid.gateway.support.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The wallet as two instances behind {@code lb://wallet-service}, the first of them dead (its port refuses
 * connections), as after a {@code kill -9}: every call is answered by the live one, each reaching it exactly once, a
 * POST too, because a refused connection carried nothing of the request; and once it refused, the dead instance is left
 * out of the choice for a while. A hang-up after the connection was made is never retried for a POST (ResilienceIT).
 */
@GatewayTest
class LoadBalancingIT {
    private static final int DEAD_PORT = freePort();

    @Autowired WebTestClient web;
    @Autowired RefusedInstances refused;

    @DynamicPropertySource
    static void twoWalletInstances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.wallet-service[0].uri",
                () -> "http://127.0.0.1:" + DEAD_PORT);
        registry.add("spring.cloud.discovery.client.simple.instances.wallet-service[1].uri",
                () -> StubServices.url("wallet"));
    }

    @Test
    void everyPostReachesTheLiveInstanceExactlyOnce() {
        String insured = Tokens.fresh("INSURED");
        String path = "/api/v1/payment-codes";
        String body = "{\"reference\":\"lb\"}";
        for (int i = 0; i < 6; i++) {
            int before = StubServices.hits("wallet", "POST", path);
            web.post().uri(path).headers(h -> h.setBearerAuth(insured))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.service").isEqualTo("wallet").jsonPath("$.method").isEqualTo("POST")
                    .jsonPath("$.bodyBytes").isEqualTo(body.length());
            assertThat(StubServices.hits("wallet", "POST", path)).as("call %d", i).isEqualTo(before + 1);
        }
    }

    @Test
    void everyGetIsAnsweredByTheLiveInstance() {
        String clearing = Tokens.fresh("CLEARING");
        for (int i = 0; i < 6; i++) {
            web.get().uri("/api/v1/ledger/check").headers(h -> h.setBearerAuth(clearing))
                    .exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.service").isEqualTo("wallet");
        }
    }

    @Test
    void theDeadInstanceIsLeftOutOnceItRefused() {
        web.get().uri("/api/v1/ledger/check").headers(h -> h.setBearerAuth(Tokens.fresh("CLEARING")))
                .exchange().expectStatus().isOk();
        web.get().uri("/api/v1/ledger/check").headers(h -> h.setBearerAuth(Tokens.fresh("CLEARING")))
                .exchange().expectStatus().isOk();
        var dead = new org.springframework.cloud.client.DefaultServiceInstance("dead", "wallet-service", "127.0.0.1",
                DEAD_PORT, false);
        var live = new org.springframework.cloud.client.DefaultServiceInstance("live", "wallet-service", "127.0.0.1",
                Integer.parseInt(StubServices.url("wallet").replaceAll(".*:", "")), false);
        assertThat(refused.available(java.util.List.of(dead, live))).containsExactly(live);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
