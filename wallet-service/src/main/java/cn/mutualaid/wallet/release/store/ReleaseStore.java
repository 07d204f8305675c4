package cn.mutualaid.wallet.release.store;

import cn.mutualaid.wallet.quota.domain.QuotaState;
import cn.mutualaid.wallet.release.domain.ReleaseResult;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The SQL of the release step; runs inside the command's inbox transaction. */
@Component
public record ReleaseStore(DatabaseClient db) {
    /** A relationship's quota, locked, with its parts. */
    public record LockedQuota(UUID quotaId, String benefactorId, QuotaState state) {
    }

    /**
     * Marks the relationship DISSOLVING (creating it if the wallet has not heard of it yet); this also locks its row,
     * so a concurrent copy of the command waits here and then finds the stored result.
     */
    public Mono<Void> markDissolving(String relationId, String benefactorId, String beneficiaryId, Instant now) {
        return db.sql("""
                        insert into relation (relation_id, benefactor_id, beneficiary_id, status, updated_at)
                        values (:r, :benefactor, :beneficiary, 'DISSOLVING', :now)
                        on conflict (relation_id) do update set status = 'DISSOLVING', updated_at = :now
                        where relation.status = 'ACTIVE'""")
                .bind("r", relationId).bind("benefactor", benefactorId).bind("beneficiary", beneficiaryId)
                .bind("now", now)
                .fetch().rowsUpdated().then();
    }

    public Mono<ReleaseResult> storedResult(String relationId) {
        return db.sql("select released_fen, voided_hold_fen from quota_release where relation_id = :r")
                .bind("r", relationId)
                .map(row -> new ReleaseResult(row.get("released_fen", Long.class), row.get("voided_hold_fen", Long.class)))
                .one();
    }

    public Mono<Void> storeResult(String relationId, ReleaseResult result, String commandId, String sagaId,
            Instant now) {
        return db.sql("""
                        insert into quota_release (relation_id, quota_id, released_fen, voided_hold_fen, command_id,
                                                   saga_id, released_at)
                        select :r, (select quota_id from quota where relation_id = :r), :released, :voided, :c, :s, :now""")
                .bind("r", relationId).bind("released", result.releasedFen())
                .bind("voided", result.voidedHoldFen()).bind("c", commandId).bind("s", sagaId).bind("now", now)
                .fetch().rowsUpdated().then();
    }

    public Mono<LockedQuota> lockQuota(String relationId) {
        return db.sql("""
                        select quota_id, benefactor_id, granted_fen, used_fen, held_fen, released_fen
                        from quota where relation_id = :r for update""")
                .bind("r", relationId)
                .map(row -> new LockedQuota(row.get("quota_id", UUID.class), row.get("benefactor_id", String.class),
                        new QuotaState(row.get("granted_fen", Long.class), row.get("used_fen", Long.class),
                                row.get("held_fen", Long.class), row.get("released_fen", Long.class))))
                .one();
    }

    /** No new payment line may draw on a quota whose relationship is ending. */
    public Mono<Void> markQuotaDissolving(UUID quotaId, Instant now) {
        return db.sql("update quota set status = 'DISSOLVING', updated_at = :now where quota_id = :q and status = 'ACTIVE'")
                .bind("now", now).bind("q", quotaId).fetch().rowsUpdated().then();
    }

    /** The release as QuotaState decided it on the locked row; only once no hold is left. */
    public Mono<Void> markReleased(UUID quotaId, long releasedFen, Instant now) {
        return db.sql("""
                        update quota set released_fen = :released, status = 'RELEASED', updated_at = :now
                        where quota_id = :q and held_fen = 0""")
                .bind("released", releasedFen).bind("now", now).bind("q", quotaId)
                .fetch().rowsUpdated().then();
    }

    /** @return whether the benefactor's frozen money covered the amount (it always should) */
    public Mono<Boolean> unfreeze(String benefactorId, long amountFen) {
        return db.sql("update account set frozen_fen = frozen_fen - :a where person_id = :p and frozen_fen >= :a")
                .bind("a", amountFen).bind("p", benefactorId)
                .fetch().rowsUpdated().map(n -> n == 1);
    }
}
