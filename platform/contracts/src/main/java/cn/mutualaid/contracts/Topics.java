package cn.mutualaid.contracts;

/** Kafka topics, one per producer (events) plus the wallet's command and reply channels. */
public final class Topics {
    public static final String REGISTRY_EVENTS = "registry.events";
    public static final String RELATION_EVENTS = "relation.events";
    public static final String WALLET_EVENTS = "wallet.events";
    public static final String SETTLEMENT_EVENTS = "settlement.events";
    public static final String WALLET_COMMANDS = "wallet.commands";
    public static final String WALLET_REPLIES = "wallet.replies";

    private Topics() {
    }
}
