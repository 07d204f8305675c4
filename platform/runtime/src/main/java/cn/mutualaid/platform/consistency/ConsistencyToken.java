package cn.mutualaid.platform.consistency;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Read-your-writes across services: a request whose work wrote events answers them in the header
 * {@value #HEADER} (their event ids, comma-separated, in the order written), so that a client can hand them to
 * another service (which waits until its inbox has them). The outbox reports each event here once its
 * transaction has committed; a request that wrote none, or whose transaction rolled back, answers no header.
 */
public class ConsistencyToken implements WebFilter, Ordered {
    public static final String HEADER = ConsistencyHeaders.TOKEN;
    private static final String CONTEXT_KEY = "mesh.consistency-token";

    /** The event ids one request wrote; filled from the Reactor context the filter puts it in. */
    public static final class Written {
        private final List<UUID> eventIds = new CopyOnWriteArrayList<>();

        public void add(UUID eventId) {
            if (!eventIds.contains(eventId)) {
                eventIds.add(eventId);
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
            if (!written.eventIds.isEmpty()) {
                exchange.getResponse().getHeaders().set(HEADER,
                        written.eventIds.stream().map(UUID::toString).collect(Collectors.joining(",")));
            }
        }));
        return chain.filter(exchange).contextWrite(context -> context.put(CONTEXT_KEY, written));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
