package cn.mutualaid.relation.relationship.store;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.relation.relationship.domain.Party;
import cn.mutualaid.relation.relationship.domain.Relation;
import cn.mutualaid.relation.relationship.domain.RelationStatus;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Relationship rows. State changes are conditional updates; the live-pair rule is a partial unique index. */
@Component
public record RelationStore(DatabaseClient db) {
    private static final String COLUMNS = """
            relation_id, benefactor_id, beneficiary_id, kinship, scope, status, benefactor_area, beneficiary_area,
            created_at, updated_at, consent_party""";

    /** Fails with a DuplicateKeyException when the pair already has a live relationship. */
    public Mono<Relation> insert(Relation r) {
        return db.sql("insert into relation (" + COLUMNS + """
                        ) values (:id, :benefactor, :beneficiary, :kinship, :scope, :status, :benefactorArea,
                                  :beneficiaryArea, :created, :updated, :consentParty)""")
                .bind("id", r.relationId()).bind("benefactor", r.benefactorId()).bind("beneficiary", r.beneficiaryId())
                .bind("kinship", r.kinship().name()).bind("scope", r.scope().name()).bind("status", r.status().name())
                .bind("benefactorArea", r.benefactorArea()).bind("beneficiaryArea", r.beneficiaryArea())
                .bind("created", r.createdAt()).bind("updated", r.updatedAt())
                .bind("consentParty", r.consentParty().name())
                .fetch().rowsUpdated()
                .thenReturn(r);
    }

    public Mono<Relation> find(String relationId) {
        return db.sql("select " + COLUMNS + " from relation where relation_id = :id")
                .bind("id", relationId).map(RelationStore::read).one();
    }

    /**
     * The live relationship of an ordered pair, if any: only for an explanation, which writes nothing. The real call
     * learns it from the partial unique index relation_live_pair (V1), whose status list this query repeats.
     */
    public Mono<Relation> liveBetween(String benefactorId, String beneficiaryId) {
        return db.sql("select " + COLUMNS + " from relation where benefactor_id = :a and beneficiary_id = :b"
                        + " and status in ('PENDING_CONSENT', 'ACTIVE', 'DISSOLVING')")
                .bind("a", benefactorId).bind("b", beneficiaryId).map(RelationStore::read).one();
    }

    /** Locks the row for the rest of the transaction, so that concurrent transitions of one relation serialise. */
    public Mono<Relation> findForUpdate(String relationId) {
        return db.sql("select " + COLUMNS + " from relation where relation_id = :id for update")
                .bind("id", relationId).map(RelationStore::read).one();
    }

    /** Moves the relation from {@code from} to {@code to}; false if it was not in {@code from} any more. */
    public Mono<Boolean> transition(String relationId, RelationStatus from, RelationStatus to, Instant at) {
        return db.sql("update relation set status = :to, updated_at = :at where relation_id = :id and status = :from")
                .bind("id", relationId).bind("from", from.name()).bind("to", to.name()).bind("at", at)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Consent re-checks the rules: the areas and scope are those in force at activation. */
    public Mono<Boolean> activate(String relationId, AidScope scope, String benefactorArea, String beneficiaryArea,
            Instant at) {
        return db.sql("""
                        update relation set status = 'ACTIVE', scope = :scope, benefactor_area = :benefactorArea,
                               beneficiary_area = :beneficiaryArea, updated_at = :at
                         where relation_id = :id and status = 'PENDING_CONSENT'""")
                .bind("id", relationId).bind("scope", scope.name()).bind("benefactorArea", benefactorArea)
                .bind("beneficiaryArea", beneficiaryArea).bind("at", at)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Ids of the live relationships of a person, either role, in a stable order (it is also the lock order). */
    public Flux<String> liveIdsOf(String personId) {
        return db.sql("""
                        select relation_id from relation
                         where (benefactor_id = :p or beneficiary_id = :p)
                           and status in ('PENDING_CONSENT', 'ACTIVE', 'DISSOLVING')
                         order by relation_id""")
                .bind("p", personId).map(row -> row.get("relation_id", String.class)).all();
    }

    /** A person's relationships, newest first, optionally one role and one status. */
    public Mono<List<Relation>> pageOf(String personId, Party role, RelationStatus status, int page, int size) {
        return bindFilter(db.sql("select " + COLUMNS + " from relation where " + filter(role, status)
                        + " order by created_at desc, relation_id limit :limit offset :offset"), personId, status)
                .bind("limit", size).bind("offset", (long) page * size)
                .map(RelationStore::read).all().collectList();
    }

    private static String filter(Party role, RelationStatus status) {
        String who = role == null ? "(benefactor_id = :p or beneficiary_id = :p)"
                : role == Party.BENEFACTOR ? "benefactor_id = :p" : "beneficiary_id = :p";
        return status == null ? who : who + " and status = :status";
    }

    private static DatabaseClient.GenericExecuteSpec bindFilter(DatabaseClient.GenericExecuteSpec spec, String personId,
            RelationStatus status) {
        spec = spec.bind("p", personId);
        return status == null ? spec : spec.bind("status", status.name());
    }

    private static Relation read(Readable row) {
        return new Relation(row.get("relation_id", String.class), row.get("benefactor_id", String.class),
                row.get("beneficiary_id", String.class), Kinship.valueOf(row.get("kinship", String.class)),
                AidScope.valueOf(row.get("scope", String.class)),
                RelationStatus.valueOf(row.get("status", String.class)), row.get("benefactor_area", String.class),
                row.get("beneficiary_area", String.class), row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                Party.valueOf(row.get("consent_party", String.class)));
    }
}
