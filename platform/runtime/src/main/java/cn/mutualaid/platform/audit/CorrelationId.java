package cn.mutualaid.platform.audit;

import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the request's correlation id (the gateway's X-Correlation-Id) into the Reactor context, where {@link Audit}
 * finds it. A malformed value is ignored rather than stored.
 */
public class CorrelationId implements WebFilter, Ordered {
    public static final String HEADER = "X-Correlation-Id";
    public static final String CONTEXT_KEY = "mesh.correlation-id";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (id == null || !WELL_FORMED.matcher(id).matches()) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).contextWrite(context -> context.put(CONTEXT_KEY, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
