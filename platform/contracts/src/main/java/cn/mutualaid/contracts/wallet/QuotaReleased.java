package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A quota's unused remainder returned to the benefactor's available balance. */
@Contract(type = "QuotaReleased", version = 1, topic = Topics.WALLET_EVENTS)
public record QuotaReleased(String quotaId, String relationId, String benefactorId, long releasedFen, long voidedHoldFen, Instant at) {
}
