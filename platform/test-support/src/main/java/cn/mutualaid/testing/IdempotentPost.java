package cn.mutualaid.testing;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * A real HTTP POST with an optional Idempotency-Key to a service under test (not bound to the test's thread, so
 * several can run at once), answered as its status, JSON body and {@code Idempotent-Replayed} header.
 */
public final class IdempotentPost {
    private IdempotentPost() {
    }

    /** @param replayed the {@code Idempotent-Replayed} header, null when absent */
    public record Answer(int status, Map<?, ?> body, String replayed) {
        public String code() {
            return text("code");
        }

        public String text(String field) {
            Object value = body.get(field);
            return value == null ? null : value.toString();
        }
    }

    public static Mono<Answer> post(int port, String token, String path, String key, Object body) {
        var request = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build()
                .post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return (body == null ? request : request.bodyValue(body))
                .exchangeToMono(response -> response.bodyToMono(Map.class).defaultIfEmpty(Map.of())
                        .map(json -> new Answer(response.statusCode().value(), json,
                                response.headers().asHttpHeaders().getFirst("Idempotent-Replayed"))));
    }
}
