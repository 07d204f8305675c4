package cn.mutualaid.platform.idempotency;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A request's claim of its Idempotency-Key as a part of the caller's own first statement
 * ({@link Idempotency#onceClaimedIn}), so the claim costs no round trip of its own. The caller writes
 * {@code with <with()>[, its own items] select <claimed()>, ... } with at least one row in every case (a left join from
 * one row, say), binds the claim's parameters with {@link #bind} and reads the answer of each row with
 * {@link #claimedIn}. Run outside a transaction, the statement commits by itself: the claim is committed before the
 * work starts, as {@link Idempotency#once} has it. The SQL is the platform's ({@link IdempotencyStore}); a caller
 * only places it.
 */
public final class ClaimClause {
    /** The column {@link #claimed()} answers in. */
    public static final String CLAIMED = "idempotency_claimed";
    private final IdempotencyStore.Claim claim;
    private final Instant now;
    private final Instant lease;

    ClaimClause(IdempotencyStore.Claim claim, Instant now, Instant lease) {
        this.claim = claim;
        this.now = now;
        this.lease = lease;
    }

    /** An item of the statement's {@code with} clause: the key's insert (nothing when another request has it). */
    public String with() {
        return IdempotencyStore.CLAIM_CTE;
    }

    /** An item of the statement's select list: whether this request claimed the key. */
    public String claimed() {
        return "exists (select 1 from idempotency_claim) as " + CLAIMED;
    }

    /** Binds the claim's parameters (all named {@code idem...}). */
    public DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec) {
        return IdempotencyStore.bindClaim(spec, claim, now, lease);
    }

    /** The answer of {@link #claimed()} in a row of the statement. */
    public boolean claimedIn(Readable row) {
        return Boolean.TRUE.equals(row.get(CLAIMED, Boolean.class));
    }
}
