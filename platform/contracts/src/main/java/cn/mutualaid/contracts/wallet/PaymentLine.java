package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.AidScope;

/**
 * One benefactor's share of a payment. Fund = where the benefactor is insured; spend = where the money was spent
 * (the provider's pooling area). Settlement clears by (fund province, spend province).
 */
public record PaymentLine(
        String quotaId,
        String relationId,
        String benefactorId,
        long amountFen,
        String fundPoolingArea,
        String fundProvince,
        String spendPoolingArea,
        String spendProvince,
        AidScope scope) {
}
