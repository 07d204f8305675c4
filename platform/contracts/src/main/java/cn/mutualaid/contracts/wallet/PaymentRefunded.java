package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;
import java.util.List;

/** Part or all of a captured payment was refunded; lines carry positive amounts returned per benefactor. */
@Contract(type = "PaymentRefunded", version = 1, topic = Topics.WALLET_EVENTS)
public record PaymentRefunded(String paymentId, String refundId, String providerId, String patientId, PaymentCategory category, long amountFen, List<PaymentLine> lines, Instant at) {
}
