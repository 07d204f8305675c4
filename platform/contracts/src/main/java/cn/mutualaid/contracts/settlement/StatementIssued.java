package cn.mutualaid.contracts.settlement;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A province's statement for a closed month. */
@Contract(type = "StatementIssued", version = 1, topic = Topics.SETTLEMENT_EVENTS)
public record StatementIssued(String period, String province, long payableFen, long receivableFen, long netFen, Instant at) {
}
