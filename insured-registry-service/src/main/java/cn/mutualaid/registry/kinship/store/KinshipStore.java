package cn.mutualaid.registry.kinship.store;

import static cn.mutualaid.platform.store.Rows.instant;
import static cn.mutualaid.platform.store.Rows.utc;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.registry.KinshipEvidenceKind;
import cn.mutualaid.registry.kinship.domain.KinshipEvidence;
import cn.mutualaid.registry.kinship.domain.KinshipLink;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Both directions of a link are stored: (person, relative, k) as recorded and (relative, person, k.inverse()). */
@Component
public record KinshipStore(DatabaseClient db) {
    private static final String COLUMNS = """
            person_id, relative_id, kinship, verified_at, verified_by, evidence_kind, evidence_reference, recorded_area""";

    public Mono<KinshipLink> find(String personId, String relativeId) {
        return db.sql("select " + COLUMNS + " from kinship where person_id = :p and relative_id = :r")
                .bind("p", personId).bind("r", relativeId).map(KinshipStore::link).one();
    }

    /** The spouse recorded for any of the given persons (at most one each, by a unique index). */
    public Mono<Boolean> anyHasSpouse(String personId, String otherId) {
        return db.sql("select count(*) from kinship where person_id in (:p, :o) and kinship = 'SPOUSE'")
                .bind("p", personId).bind("o", otherId).map(row -> row.get(0, Long.class)).one().map(n -> n > 0);
    }

    /** Fails with a DataIntegrityViolationException when either direction already exists, or a second spouse. */
    public Mono<Void> insert(KinshipLink link) {
        return insertRow(link, true).then(insertRow(link.reversed(), false));
    }

    private Mono<Void> insertRow(KinshipLink link, boolean recorded) {
        KinshipEvidence evidence = link.evidence();
        return db.sql("""
                insert into kinship (person_id, relative_id, kinship, recorded, verified_at, verified_by,
                                     evidence_kind, evidence_reference, recorded_area)
                values (:p, :r, :k, :recorded, :at, :by, :kind, :reference, :area)""")
                .bind("p", link.personId()).bind("r", link.relativeId()).bind("k", link.kinship().name())
                .bind("recorded", recorded).bind("at", utc(link.verifiedAt())).bind("by", evidence.recordedBy())
                .bind("kind", evidence.kind().name()).bind("reference", evidence.reference())
                .bind("area", Parameter.fromOrEmpty(evidence.recordedArea(), String.class))
                .fetch().rowsUpdated().then();
    }

    /** The person's relatives (both recorded and implied links), oldest first. */
    public Flux<KinshipLink> of(String personId, int page, int size) {
        return db.sql("select " + COLUMNS + " from kinship where person_id = :p"
                        + " order by verified_at, relative_id limit :size offset :offset")
                .bind("p", personId).bind("size", size).bind("offset", (long) page * size)
                .map(KinshipStore::link).all();
    }

    static KinshipLink link(Readable row) {
        String kind = row.get("evidence_kind", String.class);
        KinshipEvidence evidence = kind == null ? null : new KinshipEvidence(KinshipEvidenceKind.valueOf(kind),
                row.get("evidence_reference", String.class), row.get("verified_by", String.class),
                row.get("recorded_area", String.class));
        return KinshipLink.of(row.get("person_id", String.class), row.get("relative_id", String.class),
                Kinship.valueOf(row.get("kinship", String.class)), instant(row, "verified_at"), evidence);
    }
}
