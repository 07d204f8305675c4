package cn.mutualaid.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A thin client of the public API, through the gateway only. */
public final class MeshClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public MeshClient(String gatewayUrl) {
        this.gateway = URI.create(gatewayUrl.endsWith("/") ? gatewayUrl : gatewayUrl + "/");
    }

    /** Header of a write's answer naming its events; sent back in {@link #AWAIT} to read that write elsewhere. */
    public static final String CONSISTENCY_TOKEN = "Mesh-Consistency-Token";
    public static final String AWAIT = "Mesh-Await";

    /**
     * An HTTP answer: status, parsed JSON body (a missing body reads as an empty object) and the consistency token of
     * a write (null when the answer has none).
     */
    public record Reply(int status, JsonNode body, String consistencyToken) {
        public String text(String field) {
            return body.path(field).asString();
        }

        public long fen(String field) {
            return body.path(field).asLong();
        }

        public String code() {
            return body.path("code").asString();
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public Reply expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public String token(String subject, String area, String... roles) {
        Map<String, Object> body = area == null ? Map.of("sub", subject, "roles", roles)
                : Map.of("sub", subject, "roles", roles, "area", area);
        return call("POST", "dev/tokens", null, body, null).expect(200).text("token");
    }

    public Reply get(String path, String token) {
        return call("GET", path, token, null, null);
    }

    public Reply post(String path, String token, Object body) {
        return call("POST", path, token, body, null);
    }

    public Reply post(String path, String token, Object body, String idempotencyKey) {
        return call("POST", path, token, body, idempotencyKey);
    }

    public Reply put(String path, String token, Object body) {
        return call("PUT", path, token, body, null);
    }

    /**
     * Repeats a call until its answer satisfies {@code done}: other services learn of a change through events, a
     * moment after the call that made it.
     */
    public Reply until(java.util.function.Supplier<Reply> call, Predicate<Reply> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Reply last = call.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up after " + timeout + "; last answer " + last.status() + " " + last.body());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = call.get();
        }
        return last;
    }

    private static final int RATE_LIMIT_RETRIES = 30;

    private static long retryAfterMillis(HttpResponse<?> response) {
        long seconds = response.headers().firstValueAsLong("retry-after").orElse(1);
        return Math.max(100, Math.min(2_000, seconds * 1_000));
    }

    public Reply call(String method, String path, String token, Object body, String idempotencyKey) {
        return call(method, path, token, body, idempotencyKey, null);
    }

    /** A call that a service answers only once it has seen the events of {@code await} (a write's tokens, or null). */
    public Reply call(String method, String path, String token, Object body, String idempotencyKey, String await) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofSeconds(30))
                .header("accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("idempotency-key", idempotencyKey);
        }
        if (await != null && !await.isEmpty()) {
            request.header(AWAIT, await);
        }
        if (body != null) {
            request.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // 429 is the gateway turning the call away before any service saw it: waiting as Retry-After says and
            // sending it again is what a well-behaved client does, and it is safe for every method.
            for (int retries = 0; response.statusCode() == 429 && retries < RATE_LIMIT_RETRIES; retries++) {
                Thread.sleep(retryAfterMillis(response));
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            String text = response.body();
            JsonNode json = text == null || text.isBlank() || !text.trim().startsWith("{") && !text.trim().startsWith("[")
                    ? JSON.createObjectNode() : JSON.readTree(text);
            return new Reply(response.statusCode(), json,
                    response.headers().firstValue(CONSISTENCY_TOKEN).orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
