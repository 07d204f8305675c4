package cn.mutualaid.gateway.support;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four minimal downstream services (registry, relation, wallet, settlement) on random ports of this JVM, standing in
 * for the real ones behind the gateway. Each answers any request with JSON naming itself and echoing what it got
 * (method, path, Authorization, correlation id, traceparent, Host), and counts hits per "METHOD path". Paths ending
 * in {@code /slow} answer after {@link #SLOW}; paths ending in {@code /flaky} always answer 503, in {@code /broken}
 * 500; in {@code /hangup} the connection is closed without an answer.
 */
public final class StubServices {
    public static final List<String> NAMES = List.of("registry", "relation", "wallet", "settlement");
    public static final Duration SLOW = Duration.ofSeconds(4);
    /** Paths ending in {@code /busy} answer after this: long enough for concurrent calls to overlap. */
    public static final Duration BUSY = Duration.ofMillis(500);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Stub> STUBS = new ConcurrentHashMap<>();

    private StubServices() {
    }

    /** Base URL of a stub service, started on first use (once per JVM). */
    public static synchronized String url(String service) {
        return "http://127.0.0.1:" + stub(service).port;
    }

    public static int hits(String service, String method, String path) {
        AtomicInteger count = stub(service).hits.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    /** Stops a stub: its port refuses connections until {@link #start}. */
    public static synchronized void stop(String service) {
        Stub stub = stub(service);
        if (stub.server != null) {
            stub.server.disposeNow();
            stub.server = null;
        }
        // The gateway's pooled keep-alive connections would otherwise still reach the stopped service.
        stub.channels.forEach(channel -> channel.close().syncUninterruptibly());
        stub.channels.clear();
    }

    public static synchronized void start(String service) {
        Stub stub = stub(service);
        if (stub.server == null) {
            stub.server = bind(service, stub.port, stub);
        }
    }

    private static synchronized Stub stub(String service) {
        if (!NAMES.contains(service)) {
            throw new IllegalArgumentException("no stub service " + service);
        }
        return STUBS.computeIfAbsent(service, name -> {
            Stub stub = new Stub();
            stub.server = bind(name, 0, stub);
            stub.port = stub.server.port();
            return stub;
        });
    }

    private static DisposableServer bind(String service, int port, Stub stub) {
        return HttpServer.create().host("127.0.0.1").port(port)
                .doOnConnection(connection -> {
                    Channel channel = connection.channel();
                    if (stub.channels.add(channel)) {
                        channel.closeFuture().addListener(closed -> stub.channels.remove(channel));
                    }
                })
                .handle((request, response) -> request.receive().aggregate().asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .flatMap(body -> answer(service, stub, request, response, body)))
                .bindNow();
    }

    private static Mono<Void> answer(String service, Stub stub, HttpServerRequest request,
            HttpServerResponse response, byte[] body) {
        String path = request.fullPath();
        stub.hits.computeIfAbsent(request.method().name() + " " + path, key -> new AtomicInteger()).incrementAndGet();
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("service", service);
        echo.put("method", request.method().name());
        echo.put("path", path);
        echo.put("query", query(request.uri()));
        echo.put("authorization", request.requestHeaders().get("Authorization"));
        echo.put("correlationId", request.requestHeaders().get("X-Correlation-Id"));
        echo.put("traceparent", request.requestHeaders().get("traceparent"));
        echo.put("host", request.requestHeaders().get("Host"));
        echo.put("bodyBytes", body.length);
        if (path.equals("/v3/api-docs")) {
            echo.put("openapi", "3.1.0");
            echo.put("info", Map.of("title", service, "version", "test"));
        }
        Mono<Void> reply;
        if (path.endsWith("/hangup")) {
            return Mono.fromRunnable(() -> response.withConnection(connection -> connection.channel().close()));
        } else if (path.endsWith("/flaky")) {
            reply = send(response.status(503),
                    Map.of("status", 503, "code", "SERVICE_UNAVAILABLE", "service", service));
        } else if (path.endsWith("/broken")) {
            reply = send(response.status(500), Map.of("status", 500, "code", "INTERNAL_ERROR", "service", service));
        } else {
            reply = send(response.status(200), echo);
        }
        if (path.endsWith("/busy")) {
            return Mono.delay(BUSY).then(reply);
        }
        return path.endsWith("/slow") ? Mono.delay(SLOW).then(reply) : reply;
    }

    private static Mono<Void> send(HttpServerResponse response, Map<String, Object> body) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return response.header("Content-Type", "application/json")
                .sendByteArray(Mono.just(bytes)).then();
    }

    private static String query(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    private static final class Stub {
        volatile DisposableServer server;
        volatile int port;
        final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    }
}
