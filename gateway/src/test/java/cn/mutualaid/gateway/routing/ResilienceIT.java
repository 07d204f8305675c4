package cn.mutualaid.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.gateway.support.StubServices;
import cn.mutualaid.gateway.support.Tokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A service that is down, slow or hangs up gives 503/504/502 problem+json quickly; only GETs are retried. */
@GatewayTest
class ResilienceIT {
    @Autowired WebTestClient web;
    @Autowired CircuitBreakerRegistry breakers;

    /** Peak season: many callers at once on one route are all served; no bulkhead turns them into errors. */
    @Test
    void manyConcurrentCallsOnOneRouteAreAllServed() {
        int callers = 60;
        WebTestClient patient = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        // One thread per caller: WebTestClient blocks, and the calls must really be in flight together.
        reactor.core.scheduler.Scheduler threads = reactor.core.scheduler.Schedulers.newBoundedElastic(callers, callers, "caller");
        java.util.List<Integer> statuses = reactor.core.publisher.Flux.range(0, callers)
                .flatMap(i -> reactor.core.publisher.Mono.fromCallable(() -> patient.post().uri("/api/v1/payments/busy")
                        .headers(h -> h.setBearerAuth(Tokens.fresh("PROVIDER")))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                        .exchange().returnResult(String.class).getStatus().value())
                        .subscribeOn(threads), callers)
                .collectList().block(Duration.ofSeconds(60));
        threads.dispose();
        assertThat(statuses).hasSize(callers).containsOnly(200);
    }

    @Test
    void aServiceThatIsDownGives503Quickly() {
        String clearing = Tokens.fresh("CLEARING");
        StubServices.stop("settlement");
        try {
            long start = System.nanoTime();
            web.post().uri("/api/v1/settlement/periods/202601/close").headers(h -> h.setBearerAuth(clearing))
                    .exchange().expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
            web.get().uri("/api/v1/settlement/periods/202601").headers(h -> h.setBearerAuth(clearing))
                    .exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            StubServices.start("settlement");
            breakers.circuitBreaker("settlement").reset();
        }
        web.get().uri("/api/v1/settlement/periods/202601").headers(h -> h.setBearerAuth(clearing))
                .exchange().expectStatus().isOk();
    }

    @Test
    void anOpenBreakerAnswers503WithoutCallingTheService() {
        String clearing = Tokens.fresh("CLEARING");
        CircuitBreaker breaker = breakers.circuitBreaker("settlement");
        try {
            // Ten calls against a service returning 503 are fine; ten refused connections open the breaker.
            StubServices.stop("settlement");
            for (int i = 0; i < 10; i++) {
                web.post().uri("/api/v1/settlement/periods/202601/close").headers(h -> h.setBearerAuth(clearing))
                        .exchange().expectStatus().isEqualTo(503);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            StubServices.start("settlement");
            int before = StubServices.hits("settlement", "GET", "/api/v1/settlement/periods/202602");
            web.get().uri("/api/v1/settlement/periods/202602").headers(h -> h.setBearerAuth(clearing))
                    .exchange().expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(StubServices.hits("settlement", "GET", "/api/v1/settlement/periods/202602")).isEqualTo(before);
        } finally {
            StubServices.start("settlement");
            breaker.reset();
        }
    }

    @Test
    void aSlowServiceGives504AfterTheRouteTimeoutAndIsNotRetried() {
        long start = System.nanoTime();
        web.get().uri("/api/v1/ledger/slow").headers(h -> h.setBearerAuth(Tokens.fresh("CLEARING")))
                .exchange().expectStatus().isEqualTo(504)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("GATEWAY_TIMEOUT");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // mesh.gateway.timeout is 2s in the tests; the stub would answer after 4s.
        assertThat(took).isBetween(Duration.ofMillis(1900), StubServices.SLOW);
        assertThat(StubServices.hits("wallet", "GET", "/api/v1/ledger/slow")).isEqualTo(1);
    }

    @Test
    void onlyGetsAreRetried() {
        web.get().uri("/api/v1/regions/flaky").headers(h -> h.setBearerAuth(Tokens.fresh("ADMIN")))
                .exchange().expectStatus().isEqualTo(503);
        assertThat(StubServices.hits("registry", "GET", "/api/v1/regions/flaky")).isEqualTo(3);

        web.put().uri("/api/v1/regions/flaky").headers(h -> h.setBearerAuth(Tokens.fresh("ADMIN")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(503);
        assertThat(StubServices.hits("registry", "PUT", "/api/v1/regions/flaky")).isEqualTo(1);
    }

    @Test
    void aServiceThatHangsUpGives502() {
        web.post().uri("/api/v1/persons/hangup").headers(h -> h.setBearerAuth(Tokens.fresh("AGENCY")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(502)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("BAD_GATEWAY");
        assertThat(StubServices.hits("registry", "POST", "/api/v1/persons/hangup")).isEqualTo(1);
    }

    @Test
    void aServiceErrorIsPassedOnNotRetried() {
        web.get().uri("/api/v1/regions/broken").headers(h -> h.setBearerAuth(Tokens.fresh("ADMIN")))
                .exchange().expectStatus().isEqualTo(500)
                .expectBody().jsonPath("$.service").isEqualTo("registry");
        assertThat(StubServices.hits("registry", "GET", "/api/v1/regions/broken")).isEqualTo(1);
    }
}
