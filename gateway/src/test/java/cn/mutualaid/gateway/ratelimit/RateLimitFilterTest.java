package cn.mutualaid.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** Which bucket a request draws from, and what a refusal looks like. */
class RateLimitFilterTest {
    final List<String> keys = new ArrayList<>();
    final RateLimitProperties properties = new RateLimitProperties(RateLimitProperties.Store.MEMORY,
            new RateLimitProperties.Limit(20, 40),
            Map.of("wallet-payments", new RateLimitProperties.Limit(5, 10)), 0, 0.5,
            java.time.Duration.ofMillis(200));

    @Test
    void anonymousCallersAreKeyedByClientAddressInTheSharedBucket() {
        filter(allowAll()).filter(exchange("registry", null), e -> Mono.empty()).block();
        assertThat(keys).containsExactly("mesh:rate:default:ip:203.0.113.7");
    }

    @Test
    void tokenHoldersAreKeyedBySubjectAndPaymentsHaveTheirOwnBucket() {
        filter(allowAll()).filter(exchange("wallet-payments", "provider-9"), e -> Mono.empty()).block();
        filter(allowAll()).filter(exchange("wallet", "provider-9"), e -> Mono.empty()).block();
        assertThat(keys).containsExactly("mesh:rate:wallet-payments:sub:provider-9",
                "mesh:rate:default:sub:provider-9");
    }

    @Test
    void theSubjectTheAccessLogNotedIsTheKeyWithoutAskingForThePrincipalAgain() {
        MockServerWebExchange exchange = exchange("wallet-payments", null);
        exchange.getAttributes().put(cn.mutualaid.gateway.edge.AccessLogFilter.SUBJECT, "provider-7");
        filter(allowAll()).filter(exchange, e -> Mono.empty()).block();
        assertThat(keys).containsExactly("mesh:rate:wallet-payments:sub:provider-7");
    }

    @Test
    void aRefusalIs429ProblemWithRetryAfterInWholeSecondsAndTheRouteIsNotCalled() {
        RateLimitStore refuse = (key, limit) -> Mono.just(new RateLimitStore.Decision(false, Duration.ofMillis(1200)));
        MockServerWebExchange exchange = exchange("wallet", "p-1");
        AtomicBoolean routed = new AtomicBoolean();
        filter(refuse).filter(exchange, e -> Mono.fromRunnable(() -> routed.set(true))).block();
        assertThat(routed).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"RATE_LIMITED\"");
    }

    private RateLimitFilter filter(RateLimitStore store) {
        return new RateLimitFilter(properties, (key, limit) -> {
            keys.add(key);
            return store.take(key, limit);
        });
    }

    private static RateLimitStore allowAll() {
        return (key, limit) -> Mono.just(RateLimitStore.Decision.ALLOWED);
    }

    private static MockServerWebExchange exchange(String routeId, String subject) {
        MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/x")
                .remoteAddress(new InetSocketAddress("203.0.113.7", 40000)).build();
        Principal principal = subject == null ? null : () -> subject;
        MockServerWebExchange exchange = MockServerWebExchange.builder(request).principal(principal).build();
        Route route = Route.async().id(routeId).uri(URI.create("http://127.0.0.1:1")).predicate(e -> true).build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
        return exchange;
    }
}
