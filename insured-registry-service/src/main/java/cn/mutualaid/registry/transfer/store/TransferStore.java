package cn.mutualaid.registry.transfer.store;

import static cn.mutualaid.platform.store.Rows.instant;
import static cn.mutualaid.platform.store.Rows.utc;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.registry.transfer.domain.Transfer;
import cn.mutualaid.registry.transfer.domain.TransferStatus;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Transfers. The status moves out of REQUESTED only through the conditional updates here (where status =
 * 'REQUESTED'): they are the one place that decides which of a confirm, a refusal, a withdrawal or the expiry wins.
 */
@Component
public record TransferStore(DatabaseClient db) {
    private static final String COLUMNS = """
            transfer_id, person_id, from_scheme, from_pooling_area, from_province, to_scheme, to_pooling_area,
            to_province, status, filed_by, filed_by_area, filed_at, expires_at, decided_by, decided_at""";

    /** Fails with a DataIntegrityViolationException when the person already has an open request. */
    public Mono<Void> insert(Transfer t) {
        return db.sql("insert into transfer (" + COLUMNS + ") values (:id, :person, :fs, :fa, :fp, :ts, :ta, :tp,"
                        + " :status, :by, :byArea, :at, :expires, :decidedBy, :decidedAt)")
                .bind("id", t.transferId()).bind("person", t.personId())
                .bind("fs", t.fromScheme().name()).bind("fa", t.fromPoolingArea()).bind("fp", t.fromProvince())
                .bind("ts", t.toScheme().name()).bind("ta", t.toPoolingArea()).bind("tp", t.toProvince())
                .bind("status", t.status().name()).bind("by", t.filedBy()).bind("byArea", t.filedByArea())
                .bind("at", utc(t.filedAt())).bind("expires", time(t.expiresAt()))
                .bind("decidedBy", Parameter.fromOrEmpty(t.decidedBy(), String.class))
                .bind("decidedAt", time(t.decidedAt()))
                .fetch().rowsUpdated().then();
    }

    public Mono<Transfer> find(String transferId) {
        return db.sql("select " + COLUMNS + " from transfer where transfer_id = :id")
                .bind("id", transferId).map(TransferStore::transfer).one();
    }

    /** Closes an open request; empty when it was no longer REQUESTED (someone else decided first). */
    public Mono<Transfer> close(String transferId, TransferStatus outcome, String by, Instant at) {
        return db.sql("update transfer set status = :status, decided_by = :by, decided_at = :at"
                        + " where transfer_id = :id and status = 'REQUESTED' returning " + COLUMNS)
                .bind("status", outcome.name()).bind("by", by).bind("at", utc(at)).bind("id", transferId)
                .map(TransferStore::transfer).one();
    }

    /**
     * Expires up to {@code limit} requests due at {@code now}. Rows another instance is expiring right now are
     * skipped, and a row decided meanwhile no longer matches, so each request expires once.
     */
    public Flux<Transfer> expireDue(Instant now, int limit) {
        return db.sql("""
                update transfer set status = 'EXPIRED', decided_by = 'system', decided_at = :now
                where status = 'REQUESTED' and transfer_id in (
                    select transfer_id from transfer where status = 'REQUESTED' and expires_at <= :now
                    order by expires_at limit :limit for update skip locked)
                returning""" + " " + COLUMNS)
                .bind("now", utc(now)).bind("limit", limit)
                .map(TransferStore::transfer).all();
    }

    /**
     * Transfers into ({@code incoming}) or out of an area, newest first. {@code area} is a pooling area or a
     * province (which covers its pooling areas).
     */
    public Flux<Transfer> forArea(String area, boolean incoming, TransferStatus status, int page, int size) {
        String side = incoming ? "to" : "from";
        return listed("(" + side + "_pooling_area = :key or " + side + "_province = :key)", area, status, page, size);
    }

    /** One person's transfers, newest first. */
    public Flux<Transfer> ofPerson(String personId, TransferStatus status, int page, int size) {
        return listed("person_id = :key", personId, status, page, size);
    }

    private Flux<Transfer> listed(String where, String key, TransferStatus status, int page, int size) {
        var spec = db.sql("select " + COLUMNS + " from transfer where " + where
                        + (status == null ? "" : " and status = :status")
                        + " order by filed_at desc, transfer_id limit :size offset :offset")
                .bind("key", key).bind("size", size).bind("offset", (long) page * size);
        return (status == null ? spec : spec.bind("status", status.name())).map(TransferStore::transfer).all();
    }

    private static Parameter time(Instant at) {
        return Parameter.fromOrEmpty(at == null ? null : utc(at), OffsetDateTime.class);
    }

    static Transfer transfer(Readable row) {
        return new Transfer(row.get("transfer_id", String.class), row.get("person_id", String.class),
                Scheme.valueOf(row.get("from_scheme", String.class)), row.get("from_pooling_area", String.class),
                row.get("from_province", String.class), Scheme.valueOf(row.get("to_scheme", String.class)),
                row.get("to_pooling_area", String.class), row.get("to_province", String.class),
                TransferStatus.valueOf(row.get("status", String.class)), row.get("filed_by", String.class),
                row.get("filed_by_area", String.class), instant(row, "filed_at"), instant(row, "expires_at"),
                row.get("decided_by", String.class), instant(row, "decided_at"));
    }
}
