package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** Command (relation saga → wallet): void the relationship's open holds and unfreeze its unused quota. */
@Contract(type = "ReleaseQuota", version = 1, topic = Topics.WALLET_COMMANDS)
public record ReleaseQuota(String commandId, String sagaId, String relationId, String benefactorId, String beneficiaryId, String reason, Instant at) {
}
