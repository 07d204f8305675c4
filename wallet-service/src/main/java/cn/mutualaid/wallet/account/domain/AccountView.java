package cn.mutualaid.wallet.account.domain;

/** A personal account as its owner or agency sees it. available = balance - frozen. */
public record AccountView(String personId, String poolingArea, long balanceFen, long frozenFen, long availableFen) {
    public static AccountView of(String personId, String poolingArea, long balanceFen, long frozenFen) {
        return new AccountView(personId, poolingArea, balanceFen, frozenFen, balanceFen - frozenFen);
    }
}
