package cn.mutualaid.relation.saga;

import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.platform.messaging.Outbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An insurance transfer moves the personal account only after every relationship of the person has released its
 * quota (ARCHITECTURE: the dissolution saga). Each transfer is a row; the sagas it waits for are linked to it; the
 * MoveAccount command is appended once, when the last of them is DISSOLVED (or at once if there are none).
 */
@Component
public class TransferCompletion {
    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    public TransferCompletion(DatabaseClient db, Outbox outbox, TransactionalOperator tx, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** Records the transfer; false if this transfer id was seen before (a duplicate event). */
    public Mono<Boolean> register(InsuranceTransferred event) {
        return db.sql("""
                        insert into transfer (transfer_id, person_id, to_pooling_area, to_province, received_at)
                        values (:t, :p, :area, :province, :at)
                        on conflict (transfer_id) do nothing""")
                .bind("t", event.transferId()).bind("p", event.personId()).bind("area", event.toPoolingArea())
                .bind("province", event.toProvince()).bind("at", clock.instant())
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Links the transfer to every saga of the person still waiting for the wallet (new ones and older ones). */
    public Mono<Void> waitForSagasOf(String transferId, String personId) {
        return db.sql("""
                        insert into transfer_saga (transfer_id, saga_id)
                        select :t, s.saga_id from dissolution_saga s join relation r on r.relation_id = s.relation_id
                         where (r.benefactor_id = :p or r.beneficiary_id = :p) and s.state = 'STARTED'
                        on conflict do nothing""")
                .bind("t", transferId).bind("p", personId)
                .fetch().rowsUpdated().then();
    }

    /** A saga finished: each transfer waiting for it may now be complete. Runs in the saga's transaction. */
    public Mono<Void> afterSagaFinished(UUID sagaId) {
        // Sorted, so that two transactions lock shared transfers in the same order.
        return db.sql("select transfer_id from transfer_saga where saga_id = :s order by transfer_id")
                .bind("s", sagaId).map(row -> row.get("transfer_id", String.class)).all()
                // Read to the end before the next statement on this transaction's connection.
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::tryComplete)
                .then();
    }

    /** Safety net run by the scheduler: completes transfers whose last saga finished in a racing transaction. */
    public Mono<Long> completeWaiting() {
        return db.sql("select transfer_id from transfer where move_sent_at is null order by transfer_id limit 100")
                .map(row -> row.get("transfer_id", String.class)).all()
                .concatMap(id -> tx.transactional(tryComplete(id)))
                .filter(Boolean::booleanValue)
                .count();
    }

    /**
     * Sends MoveAccount if no linked saga is still waiting. The transfer row is locked first: of two transactions
     * finishing the last two sagas at once, the second waits, then sees the first one's commit and sends.
     */
    public Mono<Boolean> tryComplete(String transferId) {
        Instant now = clock.instant();
        return db.sql("""
                        select person_id, to_pooling_area, to_province from transfer
                         where transfer_id = :t and move_sent_at is null for update""")
                .bind("t", transferId)
                .map(row -> new MoveAccount(transferId, transferId, row.get("person_id", String.class),
                        row.get("to_pooling_area", String.class), row.get("to_province", String.class), now))
                .one()
                .flatMap(command -> waitingSagas(transferId)
                        .filter(waiting -> waiting == 0)
                        .flatMap(none -> db.sql("update transfer set move_sent_at = :now where transfer_id = :t")
                                .bind("t", transferId).bind("now", now).fetch().rowsUpdated())
                        // A fixed event id per transfer: even a replayed step cannot put a second command out.
                        .flatMap(updated -> outbox.append(UUID.nameUUIDFromBytes(
                                ("MoveAccount:" + transferId).getBytes(StandardCharsets.UTF_8)), command,
                                command.personId()))
                        .map(sent -> true))
                .defaultIfEmpty(false);
    }

    private Mono<Long> waitingSagas(String transferId) {
        return db.sql("""
                        select count(*) as n from transfer_saga ts join dissolution_saga s on s.saga_id = ts.saga_id
                         where ts.transfer_id = :t and s.state <> 'DISSOLVED'""")
                .bind("t", transferId).map(row -> row.get("n", Long.class)).one();
    }
}
