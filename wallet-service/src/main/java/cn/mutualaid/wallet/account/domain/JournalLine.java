package cn.mutualaid.wallet.account.domain;

import java.time.Instant;

/**
 * One journal transaction as it touched one account: the change to its available and frozen buckets. {@code txId} is
 * the transaction's entry number (journal_tx.entry_no; the table's key is a uuid since V14, the API's number stayed).
 */
public record JournalLine(long txId, String kind, String reference, long availableDeltaFen, long frozenDeltaFen,
        long balanceDeltaFen, Instant at) {
}
