package cn.mutualaid.wallet.payment.domain;

/** Why an authorization was voided: by its provider, because its hold expired, or because its quota was released. */
public enum VoidReason {
    PROVIDER, EXPIRED, RELEASED
}
