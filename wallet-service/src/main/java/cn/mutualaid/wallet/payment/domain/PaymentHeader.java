package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The payment row without its lines, and the rules that read only the row; a contribution names its year. */
public record PaymentHeader(UUID paymentId, String providerId, String patientId, PaymentCategory category,
        Integer contributionYear, long amountFen, PaymentStatus status, long refundedFen, String spendPoolingArea, Instant createdAt,
        Instant expiresAt, Instant capturedAt, Instant voidedAt, VoidReason voidReason) {

    public PaymentView view(List<PaymentView.Line> lines, List<PaymentView.Refund> refunds) {
        return new PaymentView(paymentId.toString(), providerId, patientId, category, contributionYear, amountFen, status, refundedFen,
                createdAt, expiresAt, capturedAt, voidedAt, voidReason, lines, refunds);
    }

    /** Why a capture or void of this payment did not apply (its conditional update matched nothing): 409. */
    public Rejection notAuthorized(Instant now) {
        return Rejection.conflict("PAYMENT_NOT_AUTHORIZED",
                status == PaymentStatus.AUTHORIZED && !expiresAt.isAfter(now) ? "the authorization has expired"
                        : "the payment is " + status + ", not AUTHORIZED");
    }

    /** Only a captured payment can be refunded (409 PAYMENT_NOT_CAPTURED); empty when this one can. */
    public Optional<Rejection> refundRefusal() {
        return status == PaymentStatus.CAPTURED ? Optional.empty() : Optional.of(Rejection.conflict(
                "PAYMENT_NOT_CAPTURED", "only a captured payment can be refunded; this one is " + status));
    }
}
