package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A personal account moved to a new pooling area after its relationships were released. */
@Contract(type = "AccountMoved", version = 1, topic = Topics.WALLET_EVENTS)
public record AccountMoved(String personId, String transferId, String fromPoolingArea, String toPoolingArea, Instant at) {
}
