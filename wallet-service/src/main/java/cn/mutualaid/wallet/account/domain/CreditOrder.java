package cn.mutualaid.wallet.account.domain;

/** What an agency asks to credit into an account; the reference is unique per account. */
public record CreditOrder(long amountFen, String reference, CreditKind kind) {
}
