package cn.mutualaid.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
