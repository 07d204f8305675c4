package cn.mutualaid.platform.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem straight to the response: used where no controller is involved (filters, security, gateway). */
public final class ProblemWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What a 503 asks clients to wait: services come back within seconds after a restart (see the fault tests). */
    private static final String RETRY_AFTER_SECONDS = "5";

    private ProblemWriter() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value() && !response.getHeaders().containsHeader("Retry-After")) {
            response.getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        }
        byte[] body = JSON.writeValueAsBytes(Problems.asMap(problem, exchange.getRequest().getPath().value()));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
