package cn.mutualaid.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * The one error handler. Runs before Boot's default error page, so controllers, filters and unknown paths all answer
 * application/problem+json. Server faults are logged with their stack; details never reach the caller.
 */
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
            // The caller went away (a page left with the call in flight): nothing can be answered, nothing failed here.
            log.debug("request {} {}: the client disconnected ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), error.toString());
            return Mono.empty();
        }
        ProblemDetail problem = Problems.from(error);
        int status = problem.getStatus();
        if (status == 502 || status == 503 || status == 504) {
            // A dependency is down or slow: expected under faults, and a stack trace per request would flood the log.
            log.warn("request {} {} answered {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), status, error.toString());
        } else if (status >= 500) {
            log.error("request {} {} failed", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), error);
        } else {
            log.debug("request {} {} refused: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), problem.getProperties());
        }
        return ProblemWriter.write(exchange, problem);
    }
}
