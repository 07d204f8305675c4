package cn.mutualaid.platform.security;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.List;

/**
 * Takes Spring Security's thread-local accessors out of the context-propagation registry. Why: with
 * {@code spring.reactor.context-propagation: auto} (trace ids in every log line), Reactor restores every registered
 * thread local around each signal that comes from outside Reactor (R2DBC, Netty): a payment's dozen statements make
 * hundreds of restores, and Spring Security's three accessors (security context, reactive security context, exchange)
 * were about a fifth of that work, a few per cent of the wallet's CPU under load (tools/load/README.md).
 *
 * <p>Nothing in the mesh reads them: callers, roles and areas come from the Reactor context
 * ({@link Caller#current()}, {@code @PreAuthorize}, the authorization rules), which this does not touch; nor does it
 * touch the observation's accessor, which carries the trace into log lines and events.
 */
final class SecurityThreadLocals {
    private static final String SPRING_SECURITY = "org.springframework.security.";

    private SecurityThreadLocals() {
    }

    /** Removes Spring Security's accessors from {@code registry}; returns the keys removed. */
    static List<Object> drop(ContextRegistry registry) {
        List<Object> keys = registry.getThreadLocalAccessors().stream()
                .filter(accessor -> accessor.getClass().getName().startsWith(SPRING_SECURITY))
                .map(ThreadLocalAccessor::key)
                .toList();
        keys.forEach(registry::removeThreadLocalAccessor);
        return keys;
    }
}
