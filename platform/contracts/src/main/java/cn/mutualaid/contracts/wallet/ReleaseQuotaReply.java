package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** Reply (wallet → relation saga): the quota is released; a repeated command gets the same reply. */
@Contract(type = "ReleaseQuotaReply", version = 1, topic = Topics.WALLET_REPLIES)
public record ReleaseQuotaReply(String commandId, String sagaId, String relationId, long releasedFen, long voidedHoldFen, Instant at) {
}
