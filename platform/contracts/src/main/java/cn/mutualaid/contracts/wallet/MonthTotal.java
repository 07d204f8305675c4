package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.PaymentCategory;

/** One cell of the wallet's month totals: money by fund province, spend province and category. */
public record MonthTotal(
        String fundProvince,
        String spendProvince,
        PaymentCategory category,
        long capturedFen,
        long refundedFen,
        long captures,
        long refunds) {
}
