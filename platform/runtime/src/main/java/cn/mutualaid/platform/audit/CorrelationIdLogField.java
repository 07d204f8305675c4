package cn.mutualaid.platform.audit;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Puts the request's correlation id, which {@link CorrelationId} keeps in the Reactor context, into every log line of
 * the request (MDC {@value #MDC_KEY}): Reactor restores it wherever it restores the trace (context propagation
 * {@code auto}), at the cost of one MDC write.
 *
 * <p>Why not tracing baggage, as before: with a baggage field configured, Micrometer Tracing matched the fields
 * against every key value of the observation each time a scope opened (merged and sorted anew), hundreds of times per
 * payment: a few per cent of the wallet's CPU under load (tools/load/README.md). Nothing else used the baggage: the
 * services call no other service over HTTP, and events carry no correlation id.
 */
public final class CorrelationIdLogField implements ThreadLocalAccessor<String> {
    /** The MDC key, and so the field of the structured (ECS) log line, as the baggage field was named. */
    public static final String MDC_KEY = "x-correlation-id";

    @Override
    public Object key() {
        return CorrelationId.CONTEXT_KEY;
    }

    @Override
    public String getValue() {
        return MDC.get(MDC_KEY);
    }

    @Override
    public void setValue(String value) {
        MDC.put(MDC_KEY, value);
    }

    @Override
    public void setValue() {
        MDC.remove(MDC_KEY);
    }
}
