package cn.mutualaid.relation.relationship.store;

import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.wallet.MoveAccount;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Transfer rows (one per transferId) and the sagas each one waits for. */
@Component
public record TransferStore(DatabaseClient db) {
    /** Records the transfer; false if this transfer id was seen before (a duplicate event). */
    public Mono<Boolean> register(InsuranceTransferred event, Instant receivedAt) {
        return db.sql("""
                        insert into transfer (transfer_id, person_id, to_pooling_area, to_province, received_at)
                        values (:t, :p, :area, :province, :at)
                        on conflict (transfer_id) do nothing""")
                .bind("t", event.transferId()).bind("p", event.personId()).bind("area", event.toPoolingArea())
                .bind("province", event.toProvince()).bind("at", receivedAt)
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

    /** The transfers waiting for a saga, sorted so that two transactions lock shared transfers in the same order. */
    public Flux<String> waitingFor(UUID sagaId) {
        return db.sql("select transfer_id from transfer_saga where saga_id = :s order by transfer_id")
                .bind("s", sagaId).map(row -> row.get("transfer_id", String.class)).all()
                // Read to the end before the next statement on this transaction's connection.
                .collectList()
                .flatMapMany(Flux::fromIterable);
    }

    public Flux<String> unsent(int limit) {
        return db.sql("select transfer_id from transfer where move_sent_at is null order by transfer_id limit :limit")
                .bind("limit", limit).map(row -> row.get("transfer_id", String.class)).all();
    }

    /** Locks an unsent transfer and gives its MoveAccount command; empty once it was sent. */
    public Mono<MoveAccount> lockUnsent(String transferId, Instant now) {
        return db.sql("""
                        select person_id, to_pooling_area, to_province from transfer
                         where transfer_id = :t and move_sent_at is null for update""")
                .bind("t", transferId)
                .map(row -> new MoveAccount(transferId, transferId, row.get("person_id", String.class),
                        row.get("to_pooling_area", String.class), row.get("to_province", String.class), now))
                .one();
    }

    public Mono<Long> waitingSagas(String transferId) {
        return db.sql("""
                        select count(*) as n from transfer_saga ts join dissolution_saga s on s.saga_id = ts.saga_id
                         where ts.transfer_id = :t and s.state <> 'DISSOLVED'""")
                .bind("t", transferId).map(row -> row.get("n", Long.class)).one();
    }

    public Mono<Void> markSent(String transferId, Instant at) {
        return db.sql("update transfer set move_sent_at = :now where transfer_id = :t")
                .bind("t", transferId).bind("now", at).fetch().rowsUpdated().then();
    }
}
