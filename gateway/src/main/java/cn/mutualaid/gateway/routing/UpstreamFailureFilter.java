package cn.mutualaid.gateway.routing;

import cn.mutualaid.platform.web.ProblemWriter;
import cn.mutualaid.platform.web.Problems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Answers for a service that cannot answer: 503 SERVICE_UNAVAILABLE when it cannot be reached (connection refused
 * or timed out, or the route's circuit breaker is open), 504 GATEWAY_TIMEOUT when it did not answer within the route's
 * timeout (the HTTP client raises that as a 504 ResponseStatusException), 502 BAD_GATEWAY when it closed or reset the
 * connection without answering. Wraps the route's breaker and retries, so it sees their final outcome. Written here as
 * problem+json with one warning line: these are the services' faults, not the gateway's, and need no stack trace.
 */
public class UpstreamFailureFilter implements GlobalFilter, Ordered {
    /** Outside the route filters (breaker, retry: orders 1, 2) and the response writer (-1). */
    public static final int ORDER = -1000;
    private static final Logger log = LoggerFactory.getLogger(UpstreamFailureFilter.class);

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).onErrorResume(error -> {
            HttpStatus status = unreachable(error) ? HttpStatus.SERVICE_UNAVAILABLE
                    : timedOut(error) ? HttpStatus.GATEWAY_TIMEOUT
                    : hungUp(error) ? HttpStatus.BAD_GATEWAY : null;
            if (status == null) {
                return Mono.error(error);
            }
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            String routeId = route == null ? "?" : route.getId();
            log.warn("route {}: {} {} -> {} ({})", routeId, exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), status.value(), rootCause(error));
            String detail = switch (status) {
                case SERVICE_UNAVAILABLE -> "the service behind " + routeId + " is not available; try again later";
                case GATEWAY_TIMEOUT -> "the service behind " + routeId + " did not answer in time";
                default -> "the service behind " + routeId + " closed the connection without an answer";
            };
            ProblemDetail problem = Problems.of(status, Problems.codeFor(status), detail);
            return ProblemWriter.write(exchange, problem);
        });
    }

    static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof CallNotPermittedException
                    || t instanceof ServiceUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The service accepted the request and then closed the connection (crashed mid-request, for example): closed
     * cleanly before answering, or reset (a process killed with requests in flight: "Connection reset by peer").
     * Checked after {@link #unreachable}, so a connection that was never made is not counted here.
     */
    static boolean hungUp(Throwable error) {
        return error instanceof PrematureCloseException || error instanceof IOException
                || error.getCause() instanceof IOException;
    }

    static boolean timedOut(Throwable error) {
        return error instanceof ResponseStatusException status
                && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value();
    }

    private static String rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
