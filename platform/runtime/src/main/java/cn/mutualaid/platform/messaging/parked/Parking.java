package cn.mutualaid.platform.messaging.parked;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.platform.messaging.PoisonMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * Parks a poison record: a parked_message row (so ADMIN can list and replay it without scanning Kafka), then the
 * record itself in the dead-letter topic {@code error.<topic>.<group>} with its reason in headers, then the metric
 * {@code mesh.consumer.parked{topic}}. The row comes first and is idempotent per record, so a crash between the two
 * steps only sends the record to the dead-letter topic once more.
 */
public class Parking {
    private static final Logger log = LoggerFactory.getLogger(Parking.class);
    public static final String REASON_HEADER = "mesh-park-reason";
    public static final String DETAIL_HEADER = "mesh-park-detail";
    public static final String ORIGIN_HEADER = "mesh-park-origin";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECOVERY_PAUSE = Duration.ofSeconds(1);

    private final ParkedMessageStore store;
    private final StreamBridge bridge;
    private final MeterRegistry meters;

    public Parking(ParkedMessageStore store, StreamBridge bridge, MeterRegistry meters) {
        this.store = store;
        this.bridge = bridge;
        this.meters = meters;
    }

    public static String deadLetterTopic(String topic, String group) {
        return "error." + topic + "." + group;
    }

    /** The container's recoverer: called for poison only (every other failure is retried, never recovered). */
    public void park(String binding, String group, ConsumerRecord<?, ?> record, Exception failure) {
        PoisonMessage poison = poisonIn(failure);
        if (poison == null) {
            // Not reachable with ConsumerErrorHandling's classification; retried rather than parked if it ever is.
            throw new IllegalStateException("only poison is parked", failure);
        }
        byte[] key = bytes(record.key());
        byte[] value = bytes(record.value());
        Envelope envelope = readable(value);
        var parked = new ParkedMessageStore.NewParked(binding == null ? "" : binding, group, record.topic(),
                record.partition(), record.offset(), key, value,
                envelope == null ? null : String.valueOf(envelope.eventId()),
                envelope == null ? null : envelope.type(), poison.reason().name(), poison.getMessage());
        boolean first;
        try {
            first = Boolean.TRUE.equals(store.insert(parked).block(WRITE_TIMEOUT));
            if (!bridge.send(deadLetterTopic(record.topic(), group), deadLetter(parked))) {
                throw new IllegalStateException("the dead-letter topic did not take the parked record");
            }
        } catch (RuntimeException outage) {
            // The container will hand the record over again at once (poison is not backed off): a pause keeps a
            // database or broker outage from turning that into a busy loop.
            pause();
            throw outage;
        }
        if (first) {
            meters.counter("mesh.consumer.parked", "topic", record.topic(), "reason", poison.reason().name())
                    .increment();
        }
        log.error("parked {}-{}@{} for {} ({}): {}", record.topic(), record.partition(), record.offset(), group,
                poison.reason(), poison.getMessage());
    }

    private static void pause() {
        try {
            Thread.sleep(RECOVERY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Message<byte[]> deadLetter(ParkedMessageStore.NewParked parked) {
        var builder = MessageBuilder.withPayload(parked.value() == null ? new byte[0] : parked.value())
                .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE)
                .setHeader(REASON_HEADER, utf8(parked.reason()))
                .setHeader(DETAIL_HEADER, utf8(parked.detail()))
                .setHeader(ORIGIN_HEADER, utf8(parked.topic() + "-" + parked.partition() + "@" + parked.offset()));
        if (parked.key() != null) {
            builder.setHeader(KafkaHeaders.KEY, parked.key());
        }
        return builder.build();
    }

    static PoisonMessage poisonIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonMessage poison) {
                return poison;
            }
        }
        return null;
    }

    private static Envelope readable(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Envelopes.read(MessageBuilder.withPayload(value).build());
        } catch (RuntimeException notAnEnvelope) {
            return null;
        }
    }

    private static byte[] bytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
