package cn.mutualaid.contracts;

import cn.mutualaid.kernel.TimeOrderedUuid;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What travels on every topic. {@code aggregateId} is also the Kafka key, so it must be an opaque id
 * (personId, relationId, paymentId, province code), never a citizen ID number.
 */
public record Envelope(
        UUID eventId,
        String type,
        int version,
        String aggregateId,
        Instant occurredAt,
        String traceparent,
        JsonNode payload) {

    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }

    /** Wraps a contract record; the type, version and topic come from its {@link Contract} annotation. */
    public static Envelope wrap(UUID eventId, Object payload, String aggregateId, Instant occurredAt, String traceparent) {
        Contract contract = Contracts.contractOf(payload.getClass());
        return new Envelope(eventId, contract.type(), contract.version(), aggregateId, occurredAt, traceparent,
                Contracts.mapper().valueToTree(payload));
    }

    public static Envelope wrap(Object payload, String aggregateId) {
        return wrap(TimeOrderedUuid.next(), payload, aggregateId, Instant.now(), null);
    }

    public boolean is(Class<?> contractType) {
        Contract contract = Contracts.contractOf(contractType);
        return contract.type().equals(type) && contract.version() == version;
    }

    /** Decodes the payload into the record registered for this envelope's type and version. */
    public Object payloadObject() {
        return payloadAs(Contracts.classFor(type, version));
    }

    public <T> T payloadAs(Class<T> contractType) {
        return Contracts.mapper().treeToValue(payload, contractType);
    }
}
