package cn.mutualaid.wallet.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one digest the wallet uses (payment codes; idempotent requests use the platform's). */
public final class Hashing {
    private Hashing() {
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
