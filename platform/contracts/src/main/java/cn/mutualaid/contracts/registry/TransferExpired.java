package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A requested transfer ended without moving anything: nobody confirmed it before it expired. */
@Contract(type = "TransferExpired", version = 1, topic = Topics.REGISTRY_EVENTS)
public record TransferExpired(String transferId, String personId, String fromPoolingArea, String toPoolingArea,
        Instant at) {
}
