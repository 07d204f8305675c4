package cn.mutualaid.registry.kinship;

import static cn.mutualaid.registry.Rows.instant;
import static cn.mutualaid.registry.Rows.utc;

import cn.mutualaid.contracts.Kinship;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Both directions of a link are stored: (person, relative, k) as recorded and (relative, person, k.inverse()). */
@Repository
public class KinshipRepository {
    private final DatabaseClient db;

    public KinshipRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<KinshipLink> find(String personId, String relativeId) {
        return db.sql("select person_id, relative_id, kinship, verified_at from kinship"
                        + " where person_id = :p and relative_id = :r")
                .bind("p", personId).bind("r", relativeId).map(KinshipRepository::link).one();
    }

    /** The spouse recorded for any of the given persons (at most one each, by a unique index). */
    public Mono<Boolean> anyHasSpouse(String personId, String otherId) {
        return db.sql("select count(*) from kinship where person_id in (:p, :o) and kinship = 'SPOUSE'")
                .bind("p", personId).bind("o", otherId).map(row -> row.get(0, Long.class)).one().map(n -> n > 0);
    }

    /** Fails with a DataIntegrityViolationException when either direction already exists, or a second spouse. */
    public Mono<Void> insert(KinshipLink link, String verifiedBy) {
        return insertRow(link, true, verifiedBy).then(insertRow(link.reversed(), false, verifiedBy));
    }

    private Mono<Void> insertRow(KinshipLink link, boolean recorded, String verifiedBy) {
        return db.sql("""
                insert into kinship (person_id, relative_id, kinship, recorded, verified_at, verified_by)
                values (:p, :r, :k, :recorded, :at, :by)""")
                .bind("p", link.personId()).bind("r", link.relativeId()).bind("k", link.kinship().name())
                .bind("recorded", recorded).bind("at", utc(link.verifiedAt())).bind("by", verifiedBy)
                .fetch().rowsUpdated().then();
    }

    /** The person's relatives (both recorded and implied links), oldest first. */
    public Flux<KinshipLink> of(String personId, int page, int size) {
        return db.sql("select person_id, relative_id, kinship, verified_at from kinship where person_id = :p"
                        + " order by verified_at, relative_id limit :size offset :offset")
                .bind("p", personId).bind("size", size).bind("offset", (long) page * size)
                .map(KinshipRepository::link).all();
    }

    static KinshipLink link(Readable row) {
        return KinshipLink.of(row.get("person_id", String.class), row.get("relative_id", String.class),
                Kinship.valueOf(row.get("kinship", String.class)), instant(row, "verified_at"));
    }
}
