package cn.mutualaid.gateway.edge;

import cn.mutualaid.platform.consistency.ConsistencyHeaders;
import cn.mutualaid.platform.web.ProblemWriter;
import cn.mutualaid.platform.web.Problems;
import java.time.Duration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the origins in {@code mesh.gateway.cors.allowed-origins}. Runs before the security chain so that a
 * browser's preflight (which carries no token) is answered here. With no origins configured, cross-origin calls get
 * no CORS headers and browsers keep them out. A refused origin gets 403 problem+json.
 */
public class CorsFilter implements WebFilter, Ordered {
    public static final int ORDER = SecurityHeadersFilter.ORDER + 1;
    private final CorsConfiguration config;
    private final CorsProcessor processor = new DefaultCorsProcessor();

    public CorsFilter(EdgeProperties properties) {
        List<String> origins = properties.cors().allowedOrigins().stream().filter(o -> !o.isBlank()).toList();
        this.config = origins.isEmpty() ? null : configuration(origins);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (config == null || !CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        if (!processor.process(config, exchange)) {
            return ProblemWriter.write(exchange,
                    Problems.of(HttpStatus.FORBIDDEN, "CORS_REJECTED", "this origin may not call the API"));
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }

    private static CorsConfiguration configuration(List<String> origins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(origins);
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key",
                CorrelationFilter.CORRELATION_ID, CorrelationFilter.TRACEPARENT, ConsistencyHeaders.AWAIT));
        config.setExposedHeaders(List.of(CorrelationFilter.CORRELATION_ID, "Retry-After", "Location", "Idempotent-Replayed",
                ConsistencyHeaders.TOKEN));
        // Bearer tokens, not cookies: no credentials mode.
        config.setAllowCredentials(false);
        config.setMaxAge(Duration.ofHours(1));
        return config;
    }
}
