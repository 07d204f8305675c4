package cn.mutualaid.platform.observability;

import cn.mutualaid.platform.messaging.PoisonMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.messaging.Message;

/**
 * Continues, on the consuming side, the trace an event was written in: the outbox stores the producer's W3C
 * traceparent in the envelope, so a consumer's work (and every event it writes in turn) becomes a CONSUMER span of
 * that trace, and one payment is one trace from the gateway through Kafka to settlement. An Observation, not a bare
 * span: its scope is what Reactor's automatic context propagation carries into the consumer's reactive chain (a
 * span put in scope by hand is lost after the first database call), and it times the work ({@value #OBSERVATION}).
 * It also counts failed deliveries ({@value #FAILURES}, tags topic and kind: {@code poison} is parked at once,
 * {@code retried} goes back to the binder's retries), which the parked-message and consumer alerts watch.
 * Static so that a consumer built with {@code EventHandlers.of(...)} (no Spring bean) can call it; before the
 * auto-configuration installs the registries it only runs the work.
 */
public final class ConsumedTrace {
    public static final String OBSERVATION = "mesh.consume";
    public static final String FAILURES = "mesh.consumer.failures";
    private static final Pattern TRACEPARENT =
            Pattern.compile("\"traceparent\"\\s*:\\s*\"(00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2})\"");
    private static final Pattern HEADER = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final int SCANNED_CHARS = 4096;

    private static volatile ObservationRegistry observations = ObservationRegistry.NOOP;
    private static volatile MeterRegistry meters;

    private ConsumedTrace() {
    }

    /** Called once by the platform's auto-configuration. */
    static void install(ObservationRegistry observations, MeterRegistry meters) {
        ConsumedTrace.observations = observations == null ? ObservationRegistry.NOOP : observations;
        ConsumedTrace.meters = meters;
    }

    /** Runs {@code work} observed as "consume {topic}", a child of the message's traceparent if it has one. */
    public static void run(Message<?> message, String topic, Runnable work) {
        observation(traceparent(message), topic).observe(() -> counted(topic, work));
    }

    /**
     * Runs a batch consumer's {@code work} on a poll's {@code records} (raw envelopes) observed as "consume {topic}"
     * in the trace of the first record, and as one more span, over the same work, in the trace of each later record
     * that is sampled and of another trace: a payment's trace shows settlement's consumption whichever place its
     * event took in the batch, and an unsampled record costs nothing.
     */
    public static void runBatch(List<?> records, String topic, Runnable work) {
        String first = envelopeTraceparent(records.get(0));
        Set<String> traces = new HashSet<>();
        traces.add(first == null ? "" : traceId(first));
        List<Observation> others = new ArrayList<>();
        for (Object record : records.subList(1, records.size())) {
            String parent = envelopeTraceparent(record);
            if (parent != null && parent.endsWith("-01") && traces.add(traceId(parent))) {
                others.add(observation(parent, topic).start());
            }
        }
        try {
            observation(first, topic).observe(() -> counted(topic, work));
        } catch (RuntimeException | Error e) {
            others.forEach(o -> o.error(e));
            throw e;
        } finally {
            others.forEach(Observation::stop);
        }
    }

    private static Observation observation(String parent, String topic) {
        ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
        context.setCarrier(parent == null ? Map.of() : Map.of("traceparent", parent));
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted(OBSERVATION, () -> context, observations)
                .contextualName("consume " + topic)
                .lowCardinalityKeyValue("topic", topic);
    }

    private static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    private static void counted(String topic, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            MeterRegistry m = meters;
            if (m != null) {
                m.counter(FAILURES, "topic", topic, "kind", isPoison(e) ? "poison" : "retried")
                        .increment();
            }
            throw e;
        }
    }

    /** Poison, alone or as the cause of a batch's failure at its index (parked alone, the rest applied). */
    private static boolean isPoison(Throwable e) {
        return e instanceof PoisonMessage || e.getCause() instanceof PoisonMessage;
    }

    /**
     * The traceparent of a message: the envelope's field (the trace of the change that wrote the event), found in the
     * head of the raw text without decoding the envelope a second time (the consumer decodes it once, and reports an
     * undecodable one as poison); else a Kafka header. The envelope wins: the binder's own header belongs to the
     * relay's publishing, a trace of its own, not to the request that made the event.
     */
    static String traceparent(Message<?> message) {
        String inEnvelope = envelopeTraceparent(message.getPayload());
        if (inEnvelope != null) {
            return inEnvelope;
        }
        Object header = message.getHeaders().get("traceparent");
        if (header instanceof byte[] bytes) {
            header = new String(bytes, StandardCharsets.US_ASCII);
        }
        return header instanceof String value && HEADER.matcher(value).matches() ? value : null;
    }

    /** The envelope's traceparent field, from the head of its raw text; a batch's records come without headers. */
    private static String envelopeTraceparent(Object payload) {
        String text = payload instanceof byte[] bytes
                ? new String(bytes, 0, Math.min(bytes.length, SCANNED_CHARS), StandardCharsets.UTF_8)
                : payload instanceof String s ? s : "";
        Matcher m = TRACEPARENT.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
