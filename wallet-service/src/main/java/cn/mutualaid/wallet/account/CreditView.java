package cn.mutualaid.wallet.account;

import java.time.Instant;

/** A credit as recorded; a repeat of the same reference and amount returns this same record. */
public record CreditView(String personId, String reference, long amountFen, long balanceFen, long journalTxId, Instant creditedAt) {
}
