package cn.mutualaid.wallet.code.domain;

/** How an offline code compares with its device's codes around now; {@code step} is the matching time step. */
public record CodeMatch(Kind kind, long step) {
    public static final CodeMatch NONE = new CodeMatch(Kind.NONE, 0);

    public enum Kind {
        /** The current or the previous step: usable once. */
        VALID,
        /** An older step of the last few minutes: only to say why it is refused. */
        EXPIRED,
        NONE
    }
}
