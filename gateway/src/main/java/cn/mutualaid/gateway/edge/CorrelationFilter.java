package cn.mutualaid.gateway.edge;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request a correlation id (the caller's X-Correlation-Id when it is well-formed, else a new one) and a
 * W3C traceparent (the caller's when valid, else a new unsampled trace), passes both downstream and echoes the
 * correlation id on every response, errors included. Runs first, so every other filter and log line can use it.
 */
public class CorrelationFilter implements WebFilter, Ordered {
    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String TRACEPARENT = "traceparent";
    /** Exchange attribute holding the correlation id. */
    public static final String ATTRIBUTE = CorrelationFilter.class.getName() + ".id";
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TRACEPARENT_FORMAT =
            Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String given = request.getHeaders().getFirst(CORRELATION_ID);
        String id = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        String traceparent = request.getHeaders().getFirst(TRACEPARENT);
        String trace = traceparent != null && TRACEPARENT_FORMAT.matcher(traceparent).matches()
                ? traceparent : newTraceparent();
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().beforeCommit(() -> {
            // Set late so that a service's own echo cannot duplicate or replace it.
            exchange.getResponse().getHeaders().set(CORRELATION_ID, id);
            return Mono.empty();
        });
        ServerHttpRequest forwarded = request.mutate()
                .headers(headers -> {
                    headers.set(CORRELATION_ID, id);
                    headers.set(TRACEPARENT, trace);
                })
                .build();
        return chain.filter(exchange.mutate().request(forwarded).build());
    }

    public static String correlationId(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    static String newTraceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "00-%016x%016x-%016x-00".formatted(random.nextLong() | 1, random.nextLong(), random.nextLong() | 1);
    }
}
