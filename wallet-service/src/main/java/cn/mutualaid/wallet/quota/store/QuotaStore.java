package cn.mutualaid.wallet.quota.store;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.wallet.quota.domain.QuotaState;
import cn.mutualaid.wallet.quota.domain.QuotaView;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The SQL of quotas as their benefactor sets them; runs inside the caller's transaction. */
@Component
public record QuotaStore(DatabaseClient db) {
    private static final String COLUMNS = """
            quota_id, relation_id, benefactor_id, beneficiary_id, granted_fen, used_fen, held_fen, released_fen,
            status, created_at""";

    /** The relationship as the wallet knows it, and whether its benefactor's wallet is activated. */
    public record Relation(String benefactorId, String beneficiaryId, String status, boolean benefactorWalletActive) {
    }

    /**
     * The relationship, share-locked: it cannot start dissolving while its quota changes. The benefactor's activation
     * comes in the same statement (an activation is never undone, so it needs no lock).
     */
    public Mono<Relation> shareLockRelation(String relationId) {
        return db.sql("""
                        select r.benefactor_id, r.beneficiary_id, r.status, w.person_id is not null as benefactor_active
                        from relation r left join wallet_activation w on w.person_id = r.benefactor_id
                        where r.relation_id = :r
                        for share of r""")
                .bind("r", relationId)
                .map(row -> new Relation(row.get("benefactor_id", String.class), row.get("beneficiary_id", String.class),
                        row.get("status", String.class), row.get("benefactor_active", Boolean.class)))
                .one();
    }

    /** @return whether a quota was created (the relationship had none) */
    public Mono<Boolean> createIfAbsent(String relationId, Relation relation, Instant now) {
        return db.sql("""
                        insert into quota (quota_id, relation_id, benefactor_id, beneficiary_id, status, created_at, updated_at)
                        values (:id, :r, :benefactor, :beneficiary, 'ACTIVE', :now, :now)
                        on conflict (relation_id) do nothing""")
                .bind("id", TimeOrderedUuid.next()).bind("r", relationId)
                .bind("benefactor", relation.benefactorId()).bind("beneficiary", relation.beneficiaryId())
                .bind("now", now)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    public Mono<QuotaView> lock(String relationId) {
        return db.sql("select " + COLUMNS + " from quota where relation_id = :r for update")
                .bind("r", relationId).map(QuotaStore::view).one();
    }

    /**
     * Freezes (delta > 0) or unfreezes (delta < 0) money in the benefactor's account; a freeze only out of the
     * available balance (the account is not locked before, so this condition decides). @return whether it applied
     */
    public Mono<Boolean> moveFrozen(String benefactorId, long delta) {
        return db.sql("""
                        update account set frozen_fen = frozen_fen + :d
                        where person_id = :p and balance_fen - frozen_fen >= :d and frozen_fen + :d >= 0""")
                .bind("d", delta).bind("p", benefactorId)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** The new total, as QuotaState allowed it on the locked row. */
    public Mono<Void> setGranted(String quotaId, long grantedFen, Instant now) {
        return db.sql("update quota set granted_fen = :g, updated_at = :now where quota_id = :q")
                .bind("g", grantedFen).bind("now", now).bind("q", UUID.fromString(quotaId))
                .fetch().rowsUpdated().then();
    }

    public Mono<String> accountArea(String personId) {
        return db.sql("select pooling_area from account where person_id = :p").bind("p", personId)
                .map(row -> row.get("pooling_area", String.class)).one();
    }

    /** Quotas the person gave or received, newest first. */
    public Flux<QuotaView> ofPerson(String personId, int limit, long offset) {
        return db.sql("select " + COLUMNS + " from quota where benefactor_id = :p or beneficiary_id = :p"
                        + " order by created_at desc, quota_id limit :limit offset :offset")
                .bind("p", personId).bind("limit", limit).bind("offset", offset)
                .map(QuotaStore::view).all();
    }

    private static QuotaView view(Readable row) {
        QuotaState s = new QuotaState(row.get("granted_fen", Long.class), row.get("used_fen", Long.class),
                row.get("held_fen", Long.class), row.get("released_fen", Long.class));
        return new QuotaView(row.get("quota_id", UUID.class).toString(), row.get("relation_id", String.class),
                row.get("benefactor_id", String.class), row.get("beneficiary_id", String.class), "GIVEN",
                s.granted(), s.used(), s.held(), s.remaining(), s.released(), row.get("status", String.class),
                row.get("created_at", Instant.class));
    }
}
