package cn.mutualaid.wallet.ledger.domain;


/**
 * Which accounts a ledger check covers: all of them (national) or those whose pooling area lies in
 * {@code [lowArea, highArea]} (one pooling area, or every area of a province: xx0000 to xx9999).
 */
public record LedgerScope(String name, String lowArea, String highArea) {
    public static final LedgerScope NATIONAL = new LedgerScope("NATIONAL", null, null);

    public boolean national() {
        return lowArea == null;
    }
}
