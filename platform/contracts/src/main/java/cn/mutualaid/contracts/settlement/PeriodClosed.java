package cn.mutualaid.contracts.settlement;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A month was closed and cleared. */
@Contract(type = "PeriodClosed", version = 1, topic = Topics.SETTLEMENT_EVENTS)
public record PeriodClosed(String period, long totalFen, long uses, long crossProvinceFen, Instant at) {
}
