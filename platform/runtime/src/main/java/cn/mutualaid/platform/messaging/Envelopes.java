package cn.mutualaid.platform.messaging;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import java.nio.charset.StandardCharsets;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/** The Kafka form of an envelope: JSON bytes, keyed by the aggregate id. The one place both directions live. */
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

    /** The message to send for an envelope (the outbox relay and tests that play another service use this). */
    public static Message<byte[]> toMessage(Envelope envelope) {
        return toMessage(Contracts.mapper().writeValueAsString(envelope), envelope.aggregateId());
    }

    static Message<byte[]> toMessage(String envelopeJson, String aggregateId) {
        return MessageBuilder.withPayload(envelopeJson.getBytes(StandardCharsets.UTF_8))
                .setHeader(KafkaHeaders.KEY, aggregateId.getBytes(StandardCharsets.UTF_8))
                .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build();
    }
}
