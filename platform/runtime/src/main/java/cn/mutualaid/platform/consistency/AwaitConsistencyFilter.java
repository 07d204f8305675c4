package cn.mutualaid.platform.consistency;

import cn.mutualaid.kernel.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds a request that carries {@value ConsistencyHeaders#AWAIT} until this service has seen every event it names,
 * then lets it through; after {@code mesh.consistency.max-wait} it answers 503 {@code NOT_YET_CONSISTENT} with
 * {@code Retry-After: 1}, and the request has changed nothing. A request without the header is not touched.
 *
 * <p>The wait never blocks a thread: the inbox is polled on Reactor's timer every {@code poll-interval} with a
 * non-blocking query. It runs after the security chain, so that only an authenticated caller can make it wait.
 */
public class AwaitConsistencyFilter implements WebFilter, Ordered {
    /** After Spring Security's chain (order -100), before any handler. */
    public static final int ORDER = 0;

    private final SeenEvents seen;
    private final ConsistencyProperties properties;
    private final Set<String> consumedTopics;

    /** @param consumedTopics the topics this service's consumers read: only their events can be waited for */
    public AwaitConsistencyFilter(SeenEvents seen, ConsistencyProperties properties, Set<String> consumedTopics) {
        this.seen = seen;
        this.properties = properties;
        this.consumedTopics = Set.copyOf(consumedTopics);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<String> values = exchange.getRequest().getHeaders().get(ConsistencyHeaders.AWAIT);
        if (values == null) {
            return chain.filter(exchange);
        }
        Set<UUID> ids;
        try {
            ids = ConsistencyHeaders.parseAwait(values, consumedTopics::contains);
        } catch (Rejection invalid) {
            return Mono.error(invalid);
        }
        if (ids.isEmpty()) {
            return chain.filter(exchange);
        }
        return awaitAll(ids).flatMap(all -> {
            if (all) {
                return chain.filter(exchange);
            }
            // The problem writer keeps a Retry-After already set: this one is a matter of a second, not a restart.
            exchange.getResponse().getHeaders().set("Retry-After", "1");
            return Mono.error(new Rejection(Rejection.Kind.NOT_YET, "NOT_YET_CONSISTENT",
                    "this service has not yet seen every event of " + ConsistencyHeaders.AWAIT + "; retry"));
        });
    }

    private Mono<Boolean> awaitAll(Set<UUID> ids) {
        return Flux.interval(Duration.ZERO, properties.pollInterval())
                // A slow query skips ticks rather than queueing them.
                .onBackpressureDrop()
                .concatMap(tick -> seen.all(ids), 1)
                .filter(Boolean::booleanValue)
                .next()
                .timeout(properties.maxWait(), Mono.just(false));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
