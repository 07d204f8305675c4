package cn.mutualaid.wallet.payment.domain;

import java.util.List;

/** A voided authorization: the payment and its lines (the amounts that went back to their quotas). */
public record VoidedHold(PaymentHeader header, List<PaymentView.Line> lines) {
    public long heldOn(String quotaId) {
        return lines.stream().filter(l -> l.quotaId().equals(quotaId)).mapToLong(PaymentView.Line::amountFen).sum();
    }
}
