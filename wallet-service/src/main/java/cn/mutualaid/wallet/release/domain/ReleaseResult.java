package cn.mutualaid.wallet.release.domain;

/** What a release gave back: the unused quota unfrozen, and what the voided holds had on it. Stored per relationship. */
public record ReleaseResult(long releasedFen, long voidedHoldFen) {
}
