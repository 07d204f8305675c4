package cn.mutualaid.wallet.account.domain;

import java.time.Instant;

/**
 * A credit as recorded; a repeat of the same reference and amount returns this same record. While PENDING_APPROVAL
 * no money has moved: {@code balanceFen}, {@code journalTxId} and {@code creditedAt} are null until approval.
 * {@code journalTxId} is the journal transaction's entry number, as an account's journal shows it.
 */
public record CreditView(String creditId, String personId, String reference, CreditKind kind, String status,
        long amountFen, Long balanceFen, Long journalTxId, Instant creditedAt, String requestedBy, Instant requestedAt,
        String approvedBy) {

    public static final String PENDING = "PENDING_APPROVAL";
    public static final String COMPLETED = "COMPLETED";

    public boolean pending() {
        return PENDING.equals(status);
    }
}
