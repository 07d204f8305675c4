package cn.mutualaid.contracts.settlement;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A province's agency confirmed its statement. */
@Contract(type = "StatementConfirmed", version = 1, topic = Topics.SETTLEMENT_EVENTS)
public record StatementConfirmed(String period, String province, String confirmedBy, Instant at) {
}
