package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.contracts.PaymentCategory;

/**
 * What a provider asks for: the patient's code, the patient, the amount, what for (and for a contribution the year
 * it pays); capture=true also captures.
 */
public record PaymentOrder(String paymentCode, String patientId, long amountFen, PaymentCategory category,
        Integer contributionYear, boolean capture) {
}
