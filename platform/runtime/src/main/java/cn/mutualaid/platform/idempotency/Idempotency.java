package cn.mutualaid.platform.idempotency;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.store.TransactionRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Idempotency-Key for every money-moving POST, per caller, as draft-ietf-httpapi-idempotency-key-header has it.
 *
 * <p>The key is claimed by an insert committed on its own, before the work: a duplicate then sees the claim at once
 * and gets 409 IDEMPOTENCY_KEY_IN_FLIGHT instead of queueing on a row lock with a pooled connection. The work runs in
 * its own transaction, which stores the answer under the key only if this request still owns the claim, so effect and
 * answer commit together or not at all. A refused or failed request gives the key back (nothing is stored); one that
 * crashed keeps it until its lease ({@code mesh.idempotency.lease}) runs out and a retry takes over. The rules for a
 * key already there are {@link StoredKey#decide}; keys are forgotten after {@code mesh.idempotency.retention}
 * ({@link IdempotencyPurge}).
 */
public class Idempotency {
    /** The request header carrying the key. */
    public static final String KEY_HEADER = "Idempotency-Key";
    /** The response header the draft names for an answer that was stored earlier. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 200;
    private static final int MAX_REREADS = 3;
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);
    private final IdempotencyStore store;
    private final TransactionRunner tx;
    private final Clock clock;
    private final IdempotencyProperties properties;

    public Idempotency(IdempotencyStore store, TransactionRunner tx, Clock clock, IdempotencyProperties properties) {
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

        /** The body; a stored one marked {@code Idempotent-Replayed: true} on the response. */
        public T markOn(ServerHttpResponse response) {
            if (replayed) {
                response.getHeaders().set(REPLAYED_HEADER, "true");
            }
            return body;
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
     * transaction (the claim has to be committed before the work starts). {@code type} reads a stored answer back.
     */
    public <T> Mono<Answer<T>> once(String callerId, String key, IdempotentRequest request, Class<T> type,
            Supplier<Mono<T>> work) {
        return onceStoredBy(callerId, key, request, type, held -> held.inTransaction(work));
    }

    /**
     * As {@link #once}, for work that stores its answer under the key itself, in the same statement as its effect
     * (a database function doing the whole change in one call: one round trip, no transaction opened here). The work
     * gets the claim it holds: {@link Held#answer} is what to store, only where {@code owner} is {@link Held#owner}
     * and no answer is stored yet; when that no longer holds, it changes nothing and fails with {@link Held#lost}.
     * {@link Held#inTransaction} runs other work the way {@link #once} does (the answer stored in its transaction).
     */
    public <T> Mono<Answer<T>> onceStoredBy(String callerId, String key, IdempotentRequest request, Class<T> type,
            Function<Held, Mono<T>> work) {
        return attempt(new Claim(new IdempotencyStore.Claim(callerId, key, request.operation(), request.fingerprint(),
                UUID.randomUUID()), request), type, work, 0);
    }

    /**
     * As {@link #onceStoredBy}, with the key's claim folded into the work's first statement: one round trip fewer.
     * {@code first} runs one statement (outside a transaction) that claims the key with the {@link ClaimClause} it is
     * given and reads what the work needs, and answers whether it claimed and what it read. Claimed: {@code work} runs
     * with what was read. Not claimed: the key is decided as {@link #once} decides it (the stored answer replayed, 409
     * in flight, 422 another request, or taken over after its lease) from the same rows, and {@code work}, if it runs,
     * gets nothing read and reads afresh. When {@code first} fails, nothing it did is relied on: the key is given back
     * if it was claimed, and the request goes the way of {@link #onceStoredBy}, so its answer is what it would have
     * been without the folding. With {@code mesh.idempotency.fold-claim=false} it always goes that way ({@code first}
     * is not called).
     */
    public <R, T> Mono<Answer<T>> onceClaimedIn(String callerId, String key, IdempotentRequest request, Class<T> type,
            Function<ClaimClause, Mono<FirstRead<R>>> first, BiFunction<Held, Optional<R>, Mono<T>> work) {
        Claim claim = new Claim(new IdempotencyStore.Claim(callerId, key, request.operation(), request.fingerprint(),
                UUID.randomUUID()), request);
        Function<Held, Mono<T>> afresh = held -> work.apply(held, Optional.empty());
        if (!properties.foldClaim()) {
            return attempt(claim, type, afresh, 0);
        }
        return Mono.defer(() -> {
                    Instant now = clock.instant();
                    return first.apply(new ClaimClause(claim.row(), now, now.plus(properties.lease())));
                })
                // No row: whether it claimed cannot be told (a caller's bug), so it counts as failed.
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the first statement answered no row")))
                .doOnCancel(() -> giveBack(claim).subscribe())
                .map(Optional::of)
                .onErrorResume(error -> {
                    log.warn("the first statement of {} failed; its key is claimed on its own instead: {}",
                            request.operation(), error.toString());
                    return giveBack(claim).thenReturn(Optional.empty());
                })
                .flatMap(read -> read.isEmpty() ? attempt(claim, type, afresh, 0)
                        : read.get().claimed() ? run(claim, held -> work.apply(held, Optional.of(read.get().value())))
                        : existing(claim, type, afresh, 0));
    }

    /** What the first statement of {@link #onceClaimedIn} answers: whether it claimed the key, and what it read. */
    public record FirstRead<R>(boolean claimed, R value) {
    }

    /** A request's hold on its key, for work that stores the answer itself. */
    public final class Held {
        private final Claim claim;

        private Held(Claim claim) {
            this.claim = claim;
        }

        public String callerId() {
            return claim.row().callerId();
        }

        public String key() {
            return claim.row().key();
        }

        public UUID owner() {
            return claim.row().owner();
        }

        /** The answer as it is stored under the key (and read back by a replay). */
        public String answer(Object body) {
            return Contracts.mapper().writeValueAsString(body);
        }

        /** The key was taken over by a retry after this request's lease ran out: nothing was done. */
        public Rejection lost() {
            return Idempotency.lost();
        }

        /** {@code work} in a transaction that also stores its answer under the key (what {@link #once} does). */
        public <T> Mono<T> inTransaction(Supplier<Mono<T>> work) {
            return tx.run(() -> work.get().flatMap(result -> complete(claim, result)));
        }
    }

    private record Claim(IdempotencyStore.Claim row, IdempotentRequest request) {
    }

    private <T> Mono<Answer<T>> attempt(Claim claim, Class<T> type, Function<Held, Mono<T>> work, int rereads) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return store.claim(claim.row(), now, now.plus(properties.lease()));
        }).flatMap(claimed -> claimed ? run(claim, work) : existing(claim, type, work, rereads));
    }

    private <T> Mono<Answer<T>> existing(Claim claim, Class<T> type, Function<Held, Mono<T>> work, int rereads) {
        Instant now = clock.instant();
        return store.find(claim.row().callerId(), claim.row().key())
                .flatMap(stored -> switch (stored.decide(claim.request(), now)) {
                    case REUSED -> Mono.error(Rejection.refused("IDEMPOTENCY_KEY_REUSED",
                            "this Idempotency-Key was used for another request"));
                    case REPLAY -> Mono.just(new Answer<>(Contracts.mapper().readValue(stored.answer(), type), true));
                    case IN_FLIGHT -> Mono.error(inFlight());
                    case TAKE_OVER -> store.takeOver(claim.row(), now, now.plus(properties.lease()))
                            .flatMap(taken -> taken ? run(claim, work) : reread(claim, type, work, rereads));
                })
                // Given back by a refused request between our insert and this read: claim it afresh.
                .switchIfEmpty(Mono.defer(() -> reread(claim, type, work, rereads)));
    }

    private <T> Mono<Answer<T>> reread(Claim claim, Class<T> type, Function<Held, Mono<T>> work, int rereads) {
        // Bounded: each round means another request changed the key's row meanwhile; after a few, tell the caller so.
        return rereads >= MAX_REREADS ? Mono.error(inFlight()) : attempt(claim, type, work, rereads + 1);
    }

    private <T> Mono<Answer<T>> run(Claim claim, Function<Held, Mono<T>> work) {
        return Mono.defer(() -> work.apply(new Held(claim)))
                .map(Answer::fresh)
                .onErrorResume(error -> giveBack(claim).then(Mono.error(error)))
                // A caller that went away (the gateway's timeout) rolls the work back: free the key for its retry.
                .doOnCancel(() -> giveBack(claim).subscribe());
    }

    /** Stores the answer in the work's transaction, only while this request owns the claim. */
    private <T> Mono<T> complete(Claim claim, T result) {
        return store.complete(claim.row(), Contracts.mapper().writeValueAsString(result))
                .flatMap(stored -> stored ? Mono.just(result) : Mono.error(lost()));
    }

    private static Rejection lost() {
        return new Rejection(Rejection.Kind.CONFLICT, "IDEMPOTENCY_KEY_IN_FLIGHT", "this request's hold on its"
                + " Idempotency-Key ran out and a retry took it over; nothing was done by this one");
    }

    /** Refused or failed: nothing was done, so nothing is stored and the key is free again (best effort). */
    private Mono<Long> giveBack(Claim claim) {
        return store.giveBack(claim.row()).onErrorResume(e -> Mono.empty());
    }

    private static Rejection inFlight() {
        return Rejection.conflict("IDEMPOTENCY_KEY_IN_FLIGHT",
                "a request with this Idempotency-Key is still being processed; retry shortly");
    }
}
