package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** Money allocated into a personal account (keyed by personId). */
@Contract(type = "AccountCredited", version = 1, topic = Topics.WALLET_EVENTS)
public record AccountCredited(String personId, long amountFen, String reference, long balanceFen, Instant at) {
}
