package cn.mutualaid.gateway.ratelimit;

import cn.mutualaid.gateway.edge.AccessLogFilter;
import cn.mutualaid.platform.web.ProblemWriter;
import cn.mutualaid.platform.web.Problems;
import java.net.InetSocketAddress;
import java.security.Principal;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Rate limits every routed request per caller (the token subject; the client IP when anonymous) in the route's
 * bucket. Over the limit: 429 problem+json, code RATE_LIMITED, with Retry-After in seconds. Runs before the
 * circuit breaker, so refused calls never count against a service.
 */
public class RateLimitFilter implements GlobalFilter, Ordered {
    public static final int ORDER = -900;
    private final RateLimitProperties properties;
    private final RateLimitStore store;
    private final RemoteAddressResolver clientAddress;

    public RateLimitFilter(RateLimitProperties properties, RateLimitStore store) {
        this.properties = properties;
        this.store = store;
        this.clientAddress = properties.trustedProxies() > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(properties.trustedProxies())
                : new RemoteAddressResolver() { };
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return chain.filter(exchange);
        }
        RateLimitProperties.Bucket bucket = properties.bucketFor(route.getId());
        return caller(exchange)
                .flatMap(caller -> store.take("mesh:rate:" + bucket.name() + ":" + caller, bucket.limit()))
                .flatMap(decision -> decision.allowed() ? chain.filter(exchange) : refuse(exchange, decision));
    }

    private Mono<String> caller(ServerWebExchange exchange) {
        String recorded = AccessLogFilter.subject(exchange);
        if (recorded != null) {
            return Mono.just("sub:" + recorded);
        }
        return exchange.getPrincipal()
                .map(Principal::getName)
                .map(subject -> "sub:" + subject)
                .switchIfEmpty(Mono.fromSupplier(() -> "ip:" + clientIp(exchange)));
    }

    private String clientIp(ServerWebExchange exchange) {
        InetSocketAddress address = clientAddress.resolve(exchange);
        if (address == null) {
            return "unknown";
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, RateLimitStore.Decision decision) {
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        return ProblemWriter.write(exchange, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                "too many requests; retry after " + seconds + " s"));
    }
}
