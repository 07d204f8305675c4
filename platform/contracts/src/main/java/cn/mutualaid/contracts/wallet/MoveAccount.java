package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** Command (relation → wallet): move the account to its new pooling area, sent once every relationship of the transferred person is released. */
@Contract(type = "MoveAccount", version = 1, topic = Topics.WALLET_COMMANDS)
public record MoveAccount(String commandId, String transferId, String personId, String toPoolingArea, String toProvince, Instant at) {
}
