package cn.mutualaid.wallet.payment.domain;

/** A captured line of a payment as a refund finds it: what it may still give back, and whether its quota is ACTIVE. */
public record RefundableLine(int lineNo, PaymentView.Line line, boolean quotaActive) {
    public RefundPlan.LineBalance balance() {
        return new RefundPlan.LineBalance(lineNo, line.amountFen(), line.refundedFen());
    }
}
