package cn.mutualaid.e2e;

import cn.mutualaid.client.ApiClient;
import cn.mutualaid.client.ApiException;
import cn.mutualaid.client.ApiResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API through the gateway only: its operations by the generated client ({@code mesh-client}, from
 * api/openapi.json) with the e2e's concerns around it (the caller's bearer token, an Idempotency-Key, 429 waited out,
 * a refusal read as its problem: {@link #send} is the one place a generated call's ApiException becomes a
 * {@link Reply}), and raw HTTP ({@link #call} and its shorthands) for what a generated client cannot or must not send:
 * the development tokens (not part of the API document), the authorization matrix's every route with wrong callers,
 * and tools/load's writes with {@value #AWAIT}. tools/e2e's README lists which calls stay raw and why.
 */
public final class MeshClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ApiClient api;
    /** The generated models' own mapper (Jackson 2), to show an answer as the JSON it came as. */
    private final ObjectMapper models;

    public MeshClient(String gatewayUrl) {
        this.gateway = URI.create(gatewayUrl.endsWith("/") ? gatewayUrl : gatewayUrl + "/");
        this.api = new SharedConnection();
        api.updateBaseUri(gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl);
        api.setConnectTimeout(Duration.ofSeconds(5));
        api.setReadTimeout(Duration.ofSeconds(30));
        this.models = api.getObjectMapper().copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * The generated ApiClient builds a new HttpClient (a selector thread and a connection pool) for every API object it
     * makes; the tests make thousands of them, so all share one, as the raw calls do.
     */
    private static final class SharedConnection extends ApiClient {
        private HttpClient shared;

        @Override
        public synchronized HttpClient getHttpClient() {
            if (shared == null) {
                shared = super.getHttpClient();
            }
            return shared;
        }
    }

    /** A generated API class ({@code mesh.api(PaymentsApi::new)}) on this client's connection to the gateway. */
    public <A> A api(Function<ApiClient, A> make) {
        return make.apply(api);
    }

    /** One call of a generated API class, its {@code ...WithHttpInfo} method. */
    @FunctionalInterface
    public interface Call<T> {
        ApiResponse<T> send() throws ApiException;
    }

    /** The headers of a call by the caller holding this token (a generated method's last argument). */
    public static Map<String, String> as(String token) {
        return as(token, null);
    }

    /** The same, with an Idempotency-Key (a money POST). */
    public static Map<String, String> as(String token, String idempotencyKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return headers;
    }

    /**
     * Sends a generated call: its answer, or the problem it was refused with, as a {@link Reply}. A 429 is waited out
     * as Retry-After says and the call sent again, as {@link #call} does.
     */
    public <T> Reply send(Call<T> call) {
        for (int retries = 0; ; retries++) {
            try {
                ApiResponse<T> response = call.send();
                Object data = response.getData();
                List<String> token = response.getHeaders() == null ? null
                        : response.getHeaders().get(CONSISTENCY_TOKEN.toLowerCase(java.util.Locale.ROOT));
                return new Reply(response.getStatusCode(),
                        data == null ? JSON.createObjectNode() : JSON.readTree(models.writeValueAsString(data)),
                        token == null || token.isEmpty() ? null : token.get(0));
            } catch (ApiException refused) {
                if (refused.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException unreadable) {
                    // An answer that does not fit its schema in api/openapi.json: the document (or the service) is
                    // wrong, which no caller may take for "no answer".
                    throw new AssertionError("answer does not match the API document: " + unreadable.getMessage(),
                            unreadable);
                }
                if (refused.getCode() == 0) {
                    throw new IllegalStateException("call failed: " + refused.getMessage(), refused);
                }
                if (refused.getResponseHeaders() == null) {
                    // The generated client refused it before sending (a required parameter missing): a test's mistake.
                    throw new AssertionError("not sent: " + refused.getMessage(), refused);
                }
                if (refused.getCode() == 429 && retries < RATE_LIMIT_RETRIES) {
                    pause(refused.getResponseHeaders() == null ? 1_000
                            : retryAfterMillis(refused.getResponseHeaders().firstValueAsLong("retry-after").orElse(1)));
                    continue;
                }
                return new Reply(refused.getCode(), parse(refused.getResponseBody()), null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
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

    /** A development token (the gateway's dev issuer, not in the API document: raw HTTP). */
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
            pause(100);
            last = call.get();
        }
        return last;
    }

    private static final int RATE_LIMIT_RETRIES = 30;

    private static long retryAfterMillis(long seconds) {
        return Math.max(100, Math.min(2_000, seconds * 1_000));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        return text == null || text.isBlank() || !text.trim().startsWith("{") && !text.trim().startsWith("[")
                ? JSON.createObjectNode() : JSON.readTree(text);
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
                Thread.sleep(retryAfterMillis(response.headers().firstValueAsLong("retry-after").orElse(1)));
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Reply(response.statusCode(), parse(response.body()),
                    response.headers().firstValue(CONSISTENCY_TOKEN).orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
