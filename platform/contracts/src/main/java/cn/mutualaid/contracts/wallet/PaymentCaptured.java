package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;
import java.util.List;

/** A payment was captured: real money left benefactors' accounts. Settlement clears these. */
@Contract(type = "PaymentCaptured", version = 1, topic = Topics.WALLET_EVENTS)
public record PaymentCaptured(String paymentId, String providerId, String patientId, PaymentCategory category, long amountFen, List<PaymentLine> lines, Instant at) {
}
