package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** An authorization was voided (by the provider, by expiry, or by a release). */
@Contract(type = "PaymentVoided", version = 1, topic = Topics.WALLET_EVENTS)
public record PaymentVoided(String paymentId, String providerId, String patientId, long amountFen, String reason, Instant at) {
}
