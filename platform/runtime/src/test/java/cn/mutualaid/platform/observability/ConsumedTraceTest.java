package cn.mutualaid.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;

class ConsumedTraceTest {
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theEnvelopesTraceparentIsFoundWithoutDecodingIt() {
        byte[] envelope = ("{\"eventId\":\"e1\",\"type\":\"PaymentCaptured\",\"version\":1,\"traceparent\":\""
                + TRACEPARENT + "\",\"payload\":{}}").getBytes(StandardCharsets.UTF_8);

        assertThat(ConsumedTrace.traceparent(MessageBuilder.withPayload(envelope).build())).isEqualTo(TRACEPARENT);
    }

    @Test
    void theEnvelopeWinsOverTheBindersHeaderWhichIsOnlyAFallback() {
        String relays = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
        var both = MessageBuilder.withPayload(("{\"traceparent\":\"" + TRACEPARENT + "\"}").getBytes())
                .setHeader("traceparent", relays.getBytes(StandardCharsets.US_ASCII)).build();
        var headerOnly = MessageBuilder.withPayload("{\"traceparent\":null}".getBytes())
                .setHeader("traceparent", relays.getBytes(StandardCharsets.US_ASCII)).build();
        var malformed = MessageBuilder.withPayload("{\"traceparent\":\"00-xyz\"}".getBytes())
                .setHeader("traceparent", "garbage").build();
        var none = MessageBuilder.withPayload("{\"traceparent\":null}".getBytes()).build();

        assertThat(ConsumedTrace.traceparent(both)).isEqualTo(TRACEPARENT);
        assertThat(ConsumedTrace.traceparent(headerOnly)).isEqualTo(relays);
        assertThat(ConsumedTrace.traceparent(malformed)).isNull();
        assertThat(ConsumedTrace.traceparent(none)).isNull();
    }

    @Test
    void withoutRegistriesTheWorkStillRuns() {
        AtomicBoolean ran = new AtomicBoolean();

        ConsumedTrace.run(MessageBuilder.withPayload(new byte[0]).build(), "wallet.events", () -> ran.set(true));

        assertThat(ran).isTrue();
    }

    @Test
    void aBatchIsConsumedInTheTraceOfEverySampledEventItHolds() {
        String second = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String sameTraceAsFirst = "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01";
        String unsampled = "00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-b7ad6b7169203331-00";
        List<String> parents = new CopyOnWriteArrayList<>();
        List<String> startedBeforeWork = new CopyOnWriteArrayList<>();
        List<String> stoppedAfterWork = new CopyOnWriteArrayList<>();
        AtomicBoolean working = new AtomicBoolean();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ReceiverContext<?>;
            }

            @Override
            @SuppressWarnings("unchecked")
            public void onStart(Observation.Context context) {
                var carrier = ((ReceiverContext<Map<String, String>>) context).getCarrier();
                parents.add(carrier.getOrDefault("traceparent", "none"));
                if (!working.get()) {
                    startedBeforeWork.add(context.getContextualName());
                }
            }

            @Override
            public void onStop(Observation.Context context) {
                if (working.get()) {
                    stoppedAfterWork.add(context.getContextualName());
                }
            }
        });
        ConsumedTrace.install(registry, null);
        try {
            ConsumedTrace.runBatch(List.of(envelope(TRACEPARENT), envelope(second), envelope(sameTraceAsFirst),
                    envelope(unsampled), envelope(second), "{}".getBytes()), "wallet.events", () -> working.set(true));
        } finally {
            ConsumedTrace.install(null, null);
        }

        // The first record's trace, and one more span for the one other sampled trace: not twice, not the unsampled;
        // both spans cover the work.
        assertThat(parents).containsExactlyInAnyOrder(TRACEPARENT, second);
        assertThat(startedBeforeWork).containsExactly("consume wallet.events", "consume wallet.events");
        assertThat(stoppedAfterWork).containsExactly("consume wallet.events", "consume wallet.events");
    }

    private static byte[] envelope(String traceparent) {
        return ("{\"eventId\":\"e\",\"traceparent\":\"" + traceparent + "\",\"payload\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
