package cn.mutualaid.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.gateway.support.StubServices;
import cn.mutualaid.gateway.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Per-caller limits in the machine's Redis. The tests give payments a bucket of 3 refilled at 0.5/s
 * (GatewayTestInitializer); every other route shares the default bucket of 40 refilled at 20/s.
 */
@GatewayTest
class RateLimitIT {
    @Autowired WebTestClient web;
    @Autowired RateLimitStore store;

    @Test
    void usesRedisInTheDefaultConfiguration() {
        assertThat(store).isInstanceOfSatisfying(LocalFirstRateLimitStore.class,
                local -> assertThat(local.shared()).isInstanceOf(RedisRateLimitStore.class));
    }

    @Test
    void aCallerOverThePaymentsLimitGets429WithRetryAfterWhileOthersAndOtherRoutesGoOn() {
        String patient = Tokens.fresh("INSURED");
        for (int i = 0; i < 3; i++) {
            web.get().uri("/api/v1/payments/pay-rl").headers(h -> h.setBearerAuth(patient))
                    .exchange().expectStatus().isOk();
        }
        int served = StubServices.hits("wallet", "GET", "/api/v1/payments/pay-rl");
        web.get().uri("/api/v1/payments/pay-rl").headers(h -> h.setBearerAuth(patient))
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER,
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2))
                .expectHeader().exists("X-Correlation-Id")
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
        assertThat(StubServices.hits("wallet", "GET", "/api/v1/payments/pay-rl")).isEqualTo(served);

        // Same caller, another bucket: unaffected.
        web.get().uri("/api/v1/quotas").headers(h -> h.setBearerAuth(patient)).exchange().expectStatus().isOk();
        // Another caller, same route: own bucket.
        web.get().uri("/api/v1/payments/pay-rl").headers(h -> h.setBearerAuth(Tokens.fresh("INSURED")))
                .exchange().expectStatus().isOk();
    }
}
