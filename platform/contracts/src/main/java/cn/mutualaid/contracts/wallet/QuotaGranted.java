package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A quota was first set for a relationship; the amount is frozen in the benefactor's account. */
@Contract(type = "QuotaGranted", version = 1, topic = Topics.WALLET_EVENTS)
public record QuotaGranted(String quotaId, String relationId, String benefactorId, String beneficiaryId, long grantedFen, Instant at) {
}
