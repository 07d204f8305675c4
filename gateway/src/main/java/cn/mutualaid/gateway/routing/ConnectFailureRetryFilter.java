package cn.mutualaid.gateway.routing;

import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Sends a request that is not a GET to another instance of its service when no connection could be made to the one
 * the load balancer chose (refused, as after a kill -9, or the connect timeout): then not one byte of it reached a
 * service, so trying elsewhere cannot make anything happen twice, with or without an Idempotency-Key. Nothing is
 * retried once a connection was made (a reset, a hang-up, a read timeout): the instance may have acted on the request,
 * and only the client may ask again, with the same Idempotency-Key (docs/deployment.md, "Several instances"). GETs
 * are retried more widely by the routes' Retry filter (application.yml). For every method, an instance that refused the
 * connection is left out of the load balancer's choice for a while ({@link RefusedInstances}).
 */
public class ConnectFailureRetryFilter implements GlobalFilter, Ordered {
    /**
     * Inside the routes' breaker and Retry filters (orders 1, 2), before the request URL is resolved (10000) and an
     * instance chosen (10150), so that each attempt chooses again.
     */
    public static final int ORDER = 100;
    private static final Logger log = LoggerFactory.getLogger(ConnectFailureRetryFilter.class);

    private final int retries;
    private final RefusedInstances refused;

    public ConnectFailureRetryFilter(int retries, RefusedInstances refused) {
        this.retries = retries;
        this.refused = refused;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Mono<Void> attempt = Mono.defer(() -> chain.filter(exchange)).doOnError(error -> {
            if (notConnected(error)) {
                Response<ServiceInstance> chosen = exchange.getAttribute(
                        ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
                if (chosen != null && chosen.hasServer()) {
                    refused.refused(chosen.getServer());
                }
            }
        });
        if (HttpMethod.GET.equals(exchange.getRequest().getMethod()) || retries <= 0) {
            return attempt;
        }
        return attempt
                .retryWhen(Retry.max(retries).filter(ConnectFailureRetryFilter::notConnected)
                        .doBeforeRetry(signal -> {
                            log.info("{} {}: no connection to the instance chosen ({}); trying another",
                                    exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
                                    signal.failure().toString());
                            ServerWebExchangeUtils.reset(exchange);
                        })
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    static boolean notConnected(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
