package cn.mutualaid.wallet.payment.domain;

/** A payment's state: AUTHORIZED (held until it expires) → CAPTURED or VOIDED; nothing else moves it. */
public enum PaymentStatus {
    AUTHORIZED, CAPTURED, VOIDED
}
