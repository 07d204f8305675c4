package cn.mutualaid.wallet.release;

import cn.mutualaid.contracts.wallet.QuotaReleased;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.ledger.Invariants;
import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.store.Journal;
import cn.mutualaid.wallet.payment.PaymentCaptures;
import cn.mutualaid.wallet.quota.domain.QuotaState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The wallet's step of the dissolution saga (ReleaseQuota → ReleaseQuotaReply), run inside the inbox transaction of
 * the command so that effect, inbox row and reply commit together.
 *
 * <ol>
 *   <li>the relationship is marked DISSOLVING (no new quota change or payment may use it);</li>
 *   <li>every open authorization with a line on its quota is voided as a whole (all its lines go back to their
 *       quotas; PaymentVoided reason RELEASED); voidedHoldFen = what those holds had on this quota;</li>
 *   <li>everything unused is unfrozen to the benefactor's available balance (journal FROZEN → AVAILABLE), the quota is
 *       RELEASED, QuotaReleased is published;</li>
 *   <li>the result is stored per relationship: every later ReleaseQuota for it (same or new event id, same or new
 *       commandId) replies the same releasedFen/voidedHoldFen and moves nothing. No quota → releasedFen 0.</li>
 * </ol>
 */
@Service
public class Releases {
    private final DatabaseClient db;
    private final PaymentCaptures payments;
    private final Journal journal;
    private final Outbox outbox;
    private final Invariants invariants;
    private final Clock clock;

    public Releases(DatabaseClient db, PaymentCaptures payments, Journal journal, Outbox outbox, Invariants invariants, Clock clock) {
        this.db = db;
        this.payments = payments;
        this.journal = journal;
        this.outbox = outbox;
        this.invariants = invariants;
        this.clock = clock;
    }

    record Result(long releasedFen, long voidedHoldFen) {
    }

    public Mono<Void> handle(ReleaseQuota command) {
        Instant now = clock.instant();
        // Marking the relationship first also locks its row: a concurrent copy of the command waits here, then finds
        // the stored result.
        return db.sql("""
                        insert into relation (relation_id, benefactor_id, beneficiary_id, status, updated_at)
                        values (:r, :benefactor, :beneficiary, 'DISSOLVING', :now)
                        on conflict (relation_id) do update set status = 'DISSOLVING', updated_at = :now
                        where relation.status = 'ACTIVE'""")
                .bind("r", command.relationId()).bind("benefactor", Objects.toString(command.benefactorId(), ""))
                .bind("beneficiary", Objects.toString(command.beneficiaryId(), "")).bind("now", now)
                .fetch().rowsUpdated()
                .then(db.sql("select released_fen, voided_hold_fen from quota_release where relation_id = :r")
                        .bind("r", command.relationId())
                        .map(row -> new Result(row.get("released_fen", Long.class), row.get("voided_hold_fen", Long.class)))
                        .one())
                .switchIfEmpty(Mono.defer(() -> release(command, now)))
                .flatMap(result -> outbox.append(new ReleaseQuotaReply(command.commandId(), command.sagaId(),
                        command.relationId(), result.releasedFen(), result.voidedHoldFen(), now), command.relationId()))
                .then();
    }

    private record Quota(UUID quotaId, String benefactorId, QuotaState state) {
    }

    private Mono<Quota> lockQuota(String relationId) {
        return db.sql("""
                        select quota_id, benefactor_id, granted_fen, used_fen, held_fen, released_fen
                        from quota where relation_id = :r for update""")
                .bind("r", relationId)
                .map(row -> new Quota(row.get("quota_id", UUID.class), row.get("benefactor_id", String.class),
                        new QuotaState(row.get("granted_fen", Long.class), row.get("used_fen", Long.class),
                                row.get("held_fen", Long.class), row.get("released_fen", Long.class))))
                .one();
    }

    private Mono<Result> release(ReleaseQuota command, Instant now) {
        return lockQuota(command.relationId())
                .flatMap(quota -> db.sql("""
                                update quota set status = 'DISSOLVING', updated_at = :now
                                where quota_id = :q and status = 'ACTIVE'""")
                        .bind("now", now).bind("q", quota.quotaId()).fetch().rowsUpdated()
                        .then(voidOpenHolds(quota.quotaId(), now))
                        .flatMap(voided -> lockQuota(command.relationId())
                                .flatMap(after -> unfreeze(command, after, voided, now))
                                .map(released -> new Result(released, voided))))
                .defaultIfEmpty(new Result(0, 0))
                .flatMap(result -> db.sql("""
                                insert into quota_release (relation_id, quota_id, released_fen, voided_hold_fen, command_id,
                                                           saga_id, released_at)
                                select :r, (select quota_id from quota where relation_id = :r), :released, :voided, :c, :s, :now""")
                        .bind("r", command.relationId()).bind("released", result.releasedFen())
                        .bind("voided", result.voidedHoldFen())
                        .bind("c", String.valueOf(command.commandId())).bind("s", String.valueOf(command.sagaId()))
                        .bind("now", now)
                        .fetch().rowsUpdated().thenReturn(result));
    }

    /** Voids every open authorization drawing on this quota; returns what they held on it. */
    private Mono<Long> voidOpenHolds(UUID quotaId, Instant now) {
        return payments.voidOpenHoldsOn(quotaId, now)
                .map(voided -> voided.heldOn(quotaId.toString()))
                .reduce(0L, Long::sum);
    }

    /** Everything not used is unfrozen; returns the amount. */
    private Mono<Long> unfreeze(ReleaseQuota command, Quota quota, long voidedHoldFen, Instant now) {
        QuotaState released = quota.state().release();
        long amount = released.released() - quota.state().released();
        Mono<Void> money = amount == 0 ? Mono.empty()
                : db.sql("update account set frozen_fen = frozen_fen - :a where person_id = :p and frozen_fen >= :a")
                        .bind("a", amount).bind("p", quota.benefactorId())
                        .fetch().rowsUpdated()
                        .flatMap(n -> n == 1 ? Mono.<Void>empty()
                                : Mono.error(new IllegalStateException("frozen money of the quota is missing")))
                        .then(journal.record("QUOTA_RELEASE", command.relationId(), now,
                                JournalEntry.freeze(quota.benefactorId(), -amount)))
                        .then();
        return db.sql("""
                        update quota set released_fen = :released, status = 'RELEASED', updated_at = :now
                        where quota_id = :q and held_fen = 0""")
                .bind("released", released.released()).bind("now", now).bind("q", quota.quotaId())
                .fetch().rowsUpdated()
                .then(money)
                .then(outbox.append(new QuotaReleased(quota.quotaId().toString(), command.relationId(),
                        quota.benefactorId(), amount, voidedHoldFen, now), command.relationId()))
                .then(invariants.frozenMatchesQuotas(List.of(quota.benefactorId())))
                .thenReturn(amount);
    }
}
