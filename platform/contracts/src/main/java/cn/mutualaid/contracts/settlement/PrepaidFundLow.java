package cn.mutualaid.contracts.settlement;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A province's prepaid fund (预付金) fell below the configured fraction of its required level. */
@Contract(type = "PrepaidFundLow", version = 1, topic = Topics.SETTLEMENT_EVENTS)
public record PrepaidFundLow(String province, long balanceFen, long requiredFen, Instant at) {
}
