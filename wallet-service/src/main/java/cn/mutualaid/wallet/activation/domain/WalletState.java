package cn.mutualaid.wallet.activation.domain;

import java.time.Instant;

/** A person's wallet as its owner or agency sees it: activated since {@code activatedAt}, or not yet (null). */
public record WalletState(String personId, boolean active, Instant activatedAt) {
    public static WalletState of(String personId, Instant activatedAt) {
        return new WalletState(personId, activatedAt != null, activatedAt);
    }
}
