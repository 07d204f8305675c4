package cn.mutualaid.gateway.apidocs;

import cn.mutualaid.platform.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merged document of the four services, read from their live documents through the load balancer (so from any
 * instance) and kept for {@code mesh.gateway.api-docs-cache}. When a service's document cannot be read, the answer is a
 * 503 problem naming it: a document without that service's operations would look complete and is never served.
 *
 * <p>The caller's Authorization header goes along: outside the local profile a service's document needs a token, as
 * the gateway's does. The document is the same for every caller, so one caller's read serves the next.
 */
@Component
public class MeshApiDocs {
    /** A service's name in the merged document (renamed components) and its load-balanced id. */
    private record Service(String name, String id) {
    }

    private record Cached(ObjectNode document, Instant until) {
    }

    /** The merge order, which decides name clashes. */
    private static final List<Service> SERVICES = List.of(new Service("registry", "insured-registry-service"),
            new Service("relation", "relation-service"), new Service("wallet", "wallet-service"),
            new Service("settlement", "settlement-service"));
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final WebClient web;
    private final Duration cacheFor;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    @Autowired
    public MeshApiDocs(ReactorLoadBalancerExchangeFilterFunction loadBalancer,
            @Value("${mesh.gateway.api-docs-cache}") Duration cacheFor) {
        this((ExchangeFilterFunction) loadBalancer, cacheFor);
    }

    /** @param services reaches a service by its id as the host of the URL */
    MeshApiDocs(ExchangeFilterFunction services, Duration cacheFor) {
        this.web = WebClient.builder().filter(services)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        this.cacheFor = cacheFor;
    }

    /** @param authorization the caller's Authorization header, or null */
    public Mono<ObjectNode> document(String authorization) {
        Cached current = cached.get();
        if (current != null && clock.instant().isBefore(current.until())) {
            return Mono.just(current.document());
        }
        return read(authorization).doOnNext(document -> cached.set(new Cached(document, clock.instant().plus(cacheFor))));
    }

    private Mono<ObjectNode> read(String authorization) {
        return Flux.fromIterable(SERVICES)
                .concatMap(service -> readOne(service, authorization).map(doc -> Map.entry(service.name(), doc)))
                .collectList()
                .map(documents -> {
                    Map<String, JsonNode> ordered = new LinkedHashMap<>();
                    documents.forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
                    return MergedDocument.merge(ordered, info());
                });
    }

    private Mono<JsonNode> readOne(Service service, String authorization) {
        return web.get().uri("http://" + service.id() + "/v3/api-docs").accept(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .retrieve().bodyToMono(JsonNode.class)
                .timeout(READ_TIMEOUT)
                .onErrorMap(error -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                        "the " + service.name() + " service's OpenAPI document cannot be read now ("
                                + error.getClass().getSimpleName() + "); retry later"));
    }

    private static ObjectNode info() {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("title", "Mutual-aid mesh API");
        info.put("version", "v1");
        info.put("description", "Every public operation of the mesh, called through the gateway with a bearer token."
                + " Problems are RFC 9457 documents with a stable code; each operation lists its codes per status in"
                + " x-problem-codes.");
        return info;
    }
}
