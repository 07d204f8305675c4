package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** The benefactor changed a quota's total; the difference was frozen or unfrozen. */
@Contract(type = "QuotaAdjusted", version = 1, topic = Topics.WALLET_EVENTS)
public record QuotaAdjusted(String quotaId, String relationId, long previousGrantedFen, long grantedFen, Instant at) {
}
