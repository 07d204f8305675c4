package cn.mutualaid.platform.consistency;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Read-your-writes across services: a request whose work wrote events answers them in the header
 * {@value #HEADER} (each as topic:eventId, comma-separated, in the order written), so that a client can hand them to
 * another service (which waits until its inbox has them). The outbox reports each event here once its
 * transaction has committed; a request that wrote none, or whose transaction rolled back, answers no header.
 */
public class ConsistencyToken implements WebFilter, Ordered {
    public static final String HEADER = ConsistencyHeaders.TOKEN;
    private static final String CONTEXT_KEY = "mesh.consistency-token";

    /** The event ids one request wrote; filled from the Reactor context the filter puts it in. */
    public static final class Written {
        private final List<String> tokens = new CopyOnWriteArrayList<>();

        public void add(String topic, UUID eventId) {
            String token = ConsistencyHeaders.token(topic, eventId);
            if (!tokens.contains(token)) {
                tokens.add(token);
            }
        }
    }

    /** The current request's record of written events; empty outside a request (a consumer, a sweep). */
    public static Optional<Written> of(ContextView context) {
        return context.getOrEmpty(CONTEXT_KEY);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Written written = new Written();
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
            if (!written.tokens.isEmpty()) {
                exchange.getResponse().getHeaders().set(HEADER, String.join(",", written.tokens));
            }
        }));
        return chain.filter(exchange).contextWrite(context -> context.put(CONTEXT_KEY, written));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
