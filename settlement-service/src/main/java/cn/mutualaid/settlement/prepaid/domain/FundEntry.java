package cn.mutualaid.settlement.prepaid.domain;

import java.time.Instant;

/** One movement of a fund: TOP_UP, SETTLEMENT_DRAW or SETTLEMENT_CREDIT; the balance is the sum of these. */
public record FundEntry(long id, String province, String kind, long amountFen, String reference, String period,
        Instant at) {
    public static final String TOP_UP = "TOP_UP";
}
