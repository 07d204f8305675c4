package cn.mutualaid.wallet.activation.domain;

import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.util.Optional;

/**
 * The answer to an activation: when the wallet became active. A repeat answers the first instant, so a client that
 * retries after a lost answer sees the same result.
 */
public record Activated(String personId, Instant activatedAt) {

    /** What an inactive wallet may not do yet; each use names itself in the refusal. */
    public enum Use {
        SET_QUOTA("the benefactor's wallet is not activated: activate it before setting a quota"),
        PAYMENT_CODE("the wallet is not activated: activate it before getting a payment code");

        private final String detail;

        Use(String detail) {
            this.detail = detail;
        }
    }

    /**
     * The one rule of activation: nothing is set aside from, or paid through, a wallet its owner has not activated.
     * Empty when the wallet is active.
     */
    public static Optional<Rejection> refusal(boolean walletActive, Use use) {
        return walletActive ? Optional.empty() : Optional.of(Rejection.conflict("WALLET_NOT_ACTIVE", use.detail));
    }
}
