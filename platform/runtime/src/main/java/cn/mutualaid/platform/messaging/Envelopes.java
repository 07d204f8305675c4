package cn.mutualaid.platform.messaging;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import java.nio.charset.StandardCharsets;
import org.springframework.messaging.Message;

/** Reads the envelope out of a Kafka message, whatever form the binder handed the payload in. */
public final class Envelopes {
    private Envelopes() {
    }

    public static Envelope read(Message<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof Envelope envelope) {
            return envelope;
        }
        String json = payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : payload.toString();
        return Contracts.mapper().readValue(json, Envelope.class);
    }
}
