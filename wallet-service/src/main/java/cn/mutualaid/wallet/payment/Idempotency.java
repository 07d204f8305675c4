package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.payment.store.IdempotencyStore;
import cn.mutualaid.wallet.support.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Idempotency-Key for money-moving POSTs, per caller, as draft-ietf-httpapi-idempotency-key-header has it.
 *
 * <p>The key is claimed by an insert committed on its own, before the work: a duplicate then sees the claim at once
 * and gets 409 IDEMPOTENCY_KEY_IN_FLIGHT instead of queueing on a row lock with a pooled connection. The work runs in
 * its own transaction, which stores the answer under the key only if this request still owns the claim, so effect and
 * answer commit together or not at all. A refused or failed request gives the key back (nothing is stored); one that
 * crashed keeps it until its lease ({@code mesh.wallet.idempotency-lease}) runs out and a retry takes over.
 * Same key and same canonical request → the stored answer, {@link Answer#replayed()}; same key, another request →
 * 422 IDEMPOTENCY_KEY_REUSED.
 */
@Component
public class Idempotency {
    static final int MAX_KEY_LENGTH = 200;
    /** The response header the draft names for an answer that was stored earlier. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private final IdempotencyStore store;
    private final Transactions tx;
    private final Clock clock;
    private final WalletProperties properties;

    public Idempotency(IdempotencyStore store, Transactions tx, Clock clock, WalletProperties properties) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    /** An answer, and whether it is the stored one of an earlier request with the same key. */
    public record Answer<T>(T body, boolean replayed) {
        public static <T> Answer<T> fresh(T body) {
            return new Answer<>(body, false);
        }
    }

    /** For operations where the key is optional: null when absent, otherwise checked as {@link #require} does. */
    public static String optional(String key) {
        return key == null ? null : require(key);
    }

    /** 400 IDEMPOTENCY_KEY_REQUIRED when the header is missing or blank. */
    public static String require(String key) {
        if (key == null || key.isBlank()) {
            throw Rejection.malformed("IDEMPOTENCY_KEY_REQUIRED",
                    "this request moves money: send an Idempotency-Key header");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw Rejection.malformed("MALFORMED_REQUEST",
                    "the Idempotency-Key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        // Stored as text and echoed in logs: visible ASCII only (a NUL would not even reach the database).
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw Rejection.malformed("MALFORMED_REQUEST",
                    "the Idempotency-Key must be visible ASCII characters");
        }
        return key;
    }

    /**
     * Runs {@code work} in a transaction of its own at most once per caller and key; must not be called inside a
     * transaction (the claim has to be committed before the work starts).
     */
    public <T> Mono<Answer<T>> once(String callerId, String key, IdempotentRequest request, Class<T> type,
            Supplier<Mono<T>> work) {
        return attempt(new Claim(new IdempotencyStore.Claim(callerId, key, request.operation().name(), request.hash(),
                UUID.randomUUID()), request), type, work, 0);
    }

    private <T> Mono<Answer<T>> attempt(Claim claim, Class<T> type, Supplier<Mono<T>> work, int rereads) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return store.claim(claim.row(), now, now.plus(properties.idempotencyLease()));
        }).flatMap(claimed -> claimed ? run(claim, work) : existing(claim, type, work, rereads));
    }

    private record Claim(IdempotencyStore.Claim row, IdempotentRequest request) {
        /** A row written before operations were stored was hashed with the route. */
        boolean sameRequestAs(IdempotencyStore.Stored stored) {
            return (stored.operation() == null ? request.routeHash() : row.hash()).equals(stored.hash());
        }
    }

    private <T> Mono<Answer<T>> existing(Claim claim, Class<T> type, Supplier<Mono<T>> work, int rereads) {
        Instant now = clock.instant();
        return store.find(claim.row().callerId(), claim.row().key())
                .flatMap(stored -> {
                    if (!claim.sameRequestAs(stored)) {
                        return Mono.error(Rejection.refused("IDEMPOTENCY_KEY_REUSED",
                                "this Idempotency-Key was used for another request"));
                    }
                    if (stored.body() != null) {
                        return Mono.just(new Answer<>(Contracts.mapper().readValue(stored.body(), type), true));
                    }
                    if (stored.lockedUntil().isAfter(now)) {
                        return Mono.error(inFlight());
                    }
                    return store.takeOver(claim.row(), now, now.plus(properties.idempotencyLease())).flatMap(taken -> taken ? run(claim, work) : reread(claim, type, work, rereads));
                })
                // Given back by a refused request between our insert and this read: claim it afresh.
                .switchIfEmpty(Mono.defer(() -> reread(claim, type, work, rereads)));
    }

    private <T> Mono<Answer<T>> reread(Claim claim, Class<T> type, Supplier<Mono<T>> work, int rereads) {
        // Bounded: each round means another request changed the key's row meanwhile; after a few, tell the caller so.
        return rereads >= 3 ? Mono.error(inFlight())
                : attempt(claim, type, work, rereads + 1);
    }

    private <T> Mono<Answer<T>> run(Claim claim, Supplier<Mono<T>> work) {
        return tx.run(() -> work.get().flatMap(result -> complete(claim, result)))
                .map(Answer::fresh)
                .onErrorResume(error -> giveBack(claim).onErrorResume(e -> Mono.empty()).then(Mono.error(error)))
                // A caller that went away (the gateway's timeout) rolls the work back: free the key for its retry.
                .doOnCancel(() -> giveBack(claim).onErrorResume(e -> Mono.empty()).subscribe());
    }

    /** Stores the answer in the work's transaction, only while this request owns the claim. */
    private <T> Mono<T> complete(Claim claim, T result) {
        return store.complete(claim.row(), Contracts.mapper().writeValueAsString(result))
                .flatMap(stored -> stored ? Mono.just(result) : Mono.error(new Rejection(Rejection.Kind.CONFLICT,
                        "IDEMPOTENCY_KEY_IN_FLIGHT", "this request's hold on its Idempotency-Key ran out and a retry took"
                                + " it over; nothing was done by this one")));
    }

    /** Refused or failed: nothing was done, so nothing is stored and the key is free again. */
    private Mono<Long> giveBack(Claim claim) {
        return store.giveBack(claim.row());
    }

    private static Rejection inFlight() {
        return Rejection.conflict("IDEMPOTENCY_KEY_IN_FLIGHT",
                "a request with this Idempotency-Key is still being processed; retry shortly");
    }

    public Mono<Long> purgeOlderThan(Instant cutoff) {
        return store.purgeOlderThan(cutoff);
    }
}
