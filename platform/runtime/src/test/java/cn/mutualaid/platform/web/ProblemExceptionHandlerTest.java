package cn.mutualaid.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;

class ProblemExceptionHandlerTest {
    private final ProblemExceptionHandler handler = new ProblemExceptionHandler();

    @Test
    void aClientThatWentAwayIsAnsweredNothingAndIsNoServerFault() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/accounts/p-1"));
        handler.handle(exchange, AbortedException.beforeSend()).block(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getStatusCode()).isNull();
        assertThat(exchange.getResponse().isCommitted()).isFalse();
    }

    @Test
    void anyOtherErrorIsAnsweredAsAProblem() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/accounts/p-1"));
        handler.handle(exchange, new IllegalStateException("a bug")).block(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5))).contains("\"code\"");
    }
}
