package cn.mutualaid.platform.messaging.parked;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The parked_message table (platform migration V0_3): one row per parked record, and how it was resolved. */
public class ParkedMessageStore {
    static final int DETAIL_MAX = 2000;
    private static final String COLUMNS = """
            id, binding, consumer_group, topic, kafka_partition, kafka_offset, message_key, message_value, event_id,
            type, reason, detail, parked_at, status, resolved_at, resolved_by, resolution""";

    private final DatabaseClient db;

    public ParkedMessageStore(DatabaseClient db) {
        this.db = db;
    }

    public enum Status { PARKED, REPLAYED, DISCARDED }

    /** A record being parked, as the consumer received it. */
    public record NewParked(String binding, String group, String topic, int partition, long offset, byte[] key,
            byte[] value, String eventId, String type, String reason, String detail) {
    }

    /** A parked record with its resolution. */
    public record Parked(long id, String binding, String group, String topic, int partition, long offset, byte[] key,
            byte[] value, String eventId, String type, String reason, String detail, Instant parkedAt, Status status,
            Instant resolvedAt, String resolvedBy, String resolution) {
    }

    /** @return true if this record was not parked before */
    public Mono<Boolean> insert(NewParked p) {
        return db.sql("""
                        insert into parked_message (binding, consumer_group, topic, kafka_partition, kafka_offset,
                                                    message_key, message_value, event_id, type, reason, detail)
                        values (:binding, :group, :topic, :partition, :offset, :key, :value, :eventId, :type, :reason,
                                :detail)
                        on conflict (consumer_group, topic, kafka_partition, kafka_offset) do nothing""")
                .bind("binding", p.binding()).bind("group", p.group()).bind("topic", p.topic())
                .bind("partition", p.partition()).bind("offset", p.offset())
                .bind("key", Parameter.fromOrEmpty(p.key(), byte[].class))
                .bind("value", Parameter.fromOrEmpty(p.value(), byte[].class))
                .bind("eventId", Parameter.fromOrEmpty(p.eventId(), String.class))
                .bind("type", Parameter.fromOrEmpty(p.type(), String.class))
                .bind("reason", p.reason()).bind("detail", shorten(p.detail()))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    public Flux<Parked> page(Status status, int size, long offset) {
        var spec = db.sql("select " + COLUMNS + " from parked_message"
                        + (status == null ? "" : " where status = :status") + " order by id limit :limit offset :offset")
                .bind("limit", size).bind("offset", offset);
        return (status == null ? spec : spec.bind("status", status.name())).map(ParkedMessageStore::parked).all();
    }

    public Mono<Parked> find(long id) {
        return db.sql("select " + COLUMNS + " from parked_message where id = :id").bind("id", id)
                .map(ParkedMessageStore::parked).one();
    }

    /** Ids still parked, oldest first: the order they were parked in. */
    public Flux<Long> openIds(int limit) {
        return db.sql("select id from parked_message where status = 'PARKED' order by id limit :limit")
                .bind("limit", limit).map(row -> row.get("id", Long.class)).all();
    }

    /** Resolves a parked row; false if it was no longer PARKED (someone else resolved it first). */
    public Mono<Boolean> resolve(long id, Status to, String by, String resolution) {
        return db.sql("""
                        update parked_message set status = :to, resolved_at = now(), resolved_by = :by,
                                                  resolution = :resolution
                        where id = :id and status = 'PARKED'""")
                .bind("to", to.name()).bind("by", by).bind("resolution", shorten(resolution)).bind("id", id)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** A replay found the record still poison (the fix is not there yet): the newest reason replaces the old one. */
    public Mono<Void> stillPoison(long id, String reason, String detail) {
        return db.sql("update parked_message set reason = :reason, detail = :detail where id = :id and status = 'PARKED'")
                .bind("reason", reason).bind("detail", shorten(detail)).bind("id", id)
                .fetch().rowsUpdated().then();
    }

    private static String shorten(String text) {
        return text == null || text.length() <= DETAIL_MAX ? text : text.substring(0, DETAIL_MAX);
    }

    private static Parked parked(Readable row) {
        return new Parked(row.get("id", Long.class), row.get("binding", String.class),
                row.get("consumer_group", String.class), row.get("topic", String.class),
                row.get("kafka_partition", Integer.class), row.get("kafka_offset", Long.class),
                bytes(row.get("message_key")), bytes(row.get("message_value")), row.get("event_id", String.class),
                row.get("type", String.class), row.get("reason", String.class), row.get("detail", String.class),
                row.get("parked_at", Instant.class), Status.valueOf(row.get("status", String.class)),
                row.get("resolved_at", Instant.class), row.get("resolved_by", String.class),
                row.get("resolution", String.class));
    }

    private static byte[] bytes(Object column) {
        if (column instanceof java.nio.ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        }
        return (byte[]) column;
    }
}
