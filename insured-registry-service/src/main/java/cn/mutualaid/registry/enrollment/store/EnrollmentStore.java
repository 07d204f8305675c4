package cn.mutualaid.registry.enrollment.store;

import static cn.mutualaid.platform.store.Rows.instant;
import static cn.mutualaid.platform.store.Rows.utc;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.registry.enrollment.domain.Enrollment;
import cn.mutualaid.registry.enrollment.domain.EnrollmentStatus;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Component
public record EnrollmentStore(DatabaseClient db) {
    private static final String COLUMNS = """
            enrollment_id, person_id, scheme, pooling_area, province, status, since, until, end_reason,
            transfer_in, transfer_out""";

    /** The current (ACTIVE) enrollment, if any. */
    public Mono<Enrollment> active(String personId) {
        return db.sql("select " + COLUMNS + " from enrollment where person_id = :p and status = 'ACTIVE'")
                .bind("p", personId).map(EnrollmentStore::enrollment).one();
    }

    /** The current enrollment, locked until the transaction ends: a transfer and a termination cannot interleave. */
    public Mono<Enrollment> lockActive(String personId) {
        return db.sql("select " + COLUMNS + " from enrollment where person_id = :p and status = 'ACTIVE' for update")
                .bind("p", personId).map(EnrollmentStore::enrollment).one();
    }

    /** Fails with a DataIntegrityViolationException when the person already has an ACTIVE enrollment. */
    public Mono<Void> insert(Enrollment e) {
        return db.sql("""
                insert into enrollment (enrollment_id, person_id, scheme, pooling_area, province, status, since, transfer_in)
                values (:id, :p, :scheme, :area, :province, 'ACTIVE', :since, :tin)""")
                .bind("id", e.enrollmentId()).bind("p", e.personId()).bind("scheme", e.scheme().name())
                .bind("area", e.poolingArea()).bind("province", e.province()).bind("since", utc(e.since()))
                .bind("tin", nullable(e.transferIn()))
                .fetch().rowsUpdated().then();
    }

    /** Ends an ACTIVE enrollment; the row must still be ACTIVE (it was locked by {@link #lockActive}). */
    public Mono<Void> close(Enrollment closed) {
        return db.sql("""
                update enrollment set status = :status, until = :until, end_reason = :reason, transfer_out = :tout
                where enrollment_id = :id and status = 'ACTIVE'""")
                .bind("status", closed.status().name()).bind("until", utc(closed.until()))
                .bind("reason", nullable(closed.reason())).bind("tout", nullable(closed.transferOut()))
                .bind("id", closed.enrollmentId())
                .fetch().rowsUpdated()
                .flatMap(n -> n == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("enrollment was not ACTIVE under its lock")));
    }

    /** Newest first. */
    public Flux<Enrollment> history(String personId, int page, int size) {
        return db.sql("select " + COLUMNS + " from enrollment where person_id = :p order by since desc, enrollment_id"
                        + " limit :size offset :offset")
                .bind("p", personId).bind("size", size).bind("offset", (long) page * size)
                .map(EnrollmentStore::enrollment).all();
    }

    private static Object nullable(String value) {
        return value == null ? Parameter.empty(String.class) : Parameter.from(value);
    }

    static Enrollment enrollment(Readable row) {
        return new Enrollment(row.get("enrollment_id", String.class), row.get("person_id", String.class),
                Scheme.valueOf(row.get("scheme", String.class)), row.get("pooling_area", String.class),
                row.get("province", String.class), EnrollmentStatus.valueOf(row.get("status", String.class)),
                instant(row, "since"), instant(row, "until"), row.get("end_reason", String.class),
                row.get("transfer_in", String.class), row.get("transfer_out", String.class));
    }
}
