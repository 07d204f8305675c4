package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.PaymentLine;
import java.time.Instant;
import java.util.List;

/**
 * A payment. status: AUTHORIZED (held, until {@code expiresAt}), CAPTURED, VOIDED (by the provider, EXPIRED, or
 * RELEASED when the relationship ended). {@code refundedFen} counts refunds of a captured payment.
 * {@code contributionYear}: the year a RESIDENT_CONTRIBUTION or LTC_CONTRIBUTION pays for; null for other categories.
 */
public record PaymentView(String paymentId, String providerId, String patientId, PaymentCategory category,
        Integer contributionYear, long amountFen, PaymentStatus status, long refundedFen, Instant createdAt, Instant expiresAt, Instant capturedAt,
        Instant voidedAt, VoidReason voidReason, List<Line> lines, List<Refund> refunds) {

    /** One benefactor's share: fund = the benefactor's account area at payment time; spend = where it was spent. */
    public record Line(String quotaId, String relationId, String benefactorId, long amountFen, long refundedFen,
            String fundPoolingArea, String fundProvince, String spendPoolingArea, String spendProvince, AidScope scope) {

        public PaymentLine toContract(long amountFen) {
            return new PaymentLine(quotaId, relationId, benefactorId, amountFen, fundPoolingArea, fundProvince,
                    spendPoolingArea, spendProvince, scope);
        }
    }

    public record Refund(String refundId, long amountFen, Instant at) {
    }
}
