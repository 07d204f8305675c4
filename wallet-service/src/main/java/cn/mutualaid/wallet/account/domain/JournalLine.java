package cn.mutualaid.wallet.account.domain;

import java.time.Instant;

/** One journal transaction as it touched one account: the change to its available and frozen buckets. */
public record JournalLine(long txId, String kind, String reference, long availableDeltaFen, long frozenDeltaFen,
        long balanceDeltaFen, Instant at) {
}
