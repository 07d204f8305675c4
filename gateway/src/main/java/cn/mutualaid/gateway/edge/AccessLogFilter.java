package cn.mutualaid.gateway.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One line per request on logger {@code cn.mutualaid.gateway.access}: method, path, status, duration, correlation
 * id and token subject. Never the query string, headers or bodies: those may carry personal data.
 */
public class AccessLogFilter implements WebFilter, Ordered {
    public static final int ORDER = CorrelationFilter.ORDER + 1;
    private static final Logger log = LoggerFactory.getLogger("cn.mutualaid.gateway.access");
    /** Exchange attribute holding the token subject, once the security chain has run. */
    public static final String SUBJECT = AccessLogFilter.class.getName() + ".subject";

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            if (!log.isInfoEnabled()) {
                return;
            }
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String method = exchange.getRequest().getMethod().name();
            String path = exchange.getRequest().getPath().value();
            String subject = exchange.getAttributeOrDefault(SUBJECT, "-");
            String correlationId = CorrelationFilter.correlationId(exchange);
            int code = status == null ? 0 : status.value();
            log.atInfo()
                    .addKeyValue("http.request.method", method)
                    .addKeyValue("url.path", path)
                    .addKeyValue("http.response.status_code", code)
                    .addKeyValue("event.duration_ms", millis)
                    .addKeyValue("correlation_id", correlationId)
                    .addKeyValue("user.id", subject)
                    .log("{} {} {} {}ms correlationId={} subject={}", method, path, code, millis, correlationId,
                            subject);
        });
    }

    /** The token subject noted by {@link SubjectRecorder}, or null (anonymous, or the recorder did not run). */
    public static String subject(ServerWebExchange exchange) {
        return exchange.getAttribute(SUBJECT);
    }

    /**
     * Runs just after the security chain and notes who the caller is, once per request: for the access line and for
     * the rate limiter, which would otherwise look the security context up again.
     */
    public static class SubjectRecorder implements WebFilter, Ordered {
        @Override
        public int getOrder() {
            // Spring Security's chain runs at -100 (WebFilterChainProxy); this comes right after it.
            return -99;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return ReactiveSecurityContextHolder.getContext()
                    .map(SecurityContext::getAuthentication)
                    .ofType(JwtAuthenticationToken.class)
                    .doOnNext(auth -> exchange.getAttributes().put(SUBJECT, auth.getName()))
                    .then(chain.filter(exchange));
        }
    }
}
