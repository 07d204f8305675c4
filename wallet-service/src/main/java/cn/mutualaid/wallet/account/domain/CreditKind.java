package cn.mutualaid.wallet.account.domain;

/** Where credited money comes from: the monthly allocation from contributions (划入), or a manual correction. */
public enum CreditKind {
    ALLOCATION, CORRECTION
}
