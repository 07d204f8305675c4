package cn.mutualaid.wallet.ledger.domain;

/**
 * The ledger accounts of the journal. A person's account has two buckets, AVAILABLE and FROZEN; ALLOCATION and SPENT
 * stand for the world outside the wallet (money credited in, money paid out to providers).
 */
public enum Ledger {
    AVAILABLE, FROZEN, ALLOCATION, SPENT;

    public boolean isPersonal() {
        return this == AVAILABLE || this == FROZEN;
    }
}
