package cn.mutualaid.relation.relationship;

import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.relation.relationship.store.TransferStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * An insurance transfer moves the personal account only after every relationship of the person has released its
 * quota (ARCHITECTURE: the dissolution saga). Each transfer is a row; the sagas it waits for are linked to it; the
 * MoveAccount command is appended once, when the last of them is DISSOLVED (or at once if there are none).
 */
@Component
public record TransferCompletion(TransferStore transfers, Outbox outbox, TransactionalOperator tx, Clock clock) {
    /** Records the transfer; false if this transfer id was seen before (a duplicate event). */
    public Mono<Boolean> register(InsuranceTransferred event) {
        return transfers.register(event, clock.instant());
    }

    /** Links the transfer to every saga of the person still waiting for the wallet (new ones and older ones). */
    public Mono<Void> waitForSagasOf(String transferId, String personId) {
        return transfers.waitForSagasOf(transferId, personId);
    }

    /** A saga finished: each transfer waiting for it may now be complete. Runs in the saga's transaction. */
    public Mono<Void> afterSagaFinished(UUID sagaId) {
        return transfers.waitingFor(sagaId).concatMap(this::tryComplete).then();
    }

    /** Safety net run by the scheduler: completes transfers whose last saga finished in a racing transaction. */
    public Mono<Long> completeWaiting() {
        return transfers.unsent(100)
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
        return transfers.lockUnsent(transferId, now)
                .flatMap(command -> transfers.waitingSagas(transferId)
                        .filter(waiting -> waiting == 0)
                        .flatMap(none -> transfers.markSent(transferId, now).thenReturn(command))
                        // A fixed event id per transfer: even a replayed step cannot put a second command out.
                        .flatMap(sent -> outbox.append(UUID.nameUUIDFromBytes(
                                ("MoveAccount:" + transferId).getBytes(StandardCharsets.UTF_8)), command,
                                command.personId()))
                        .map(sent -> true))
                .defaultIfEmpty(false);
    }
}
