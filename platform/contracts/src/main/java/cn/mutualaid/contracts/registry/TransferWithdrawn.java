package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A requested transfer ended without moving anything: the agency that filed it withdrew it. */
@Contract(type = "TransferWithdrawn", version = 1, topic = Topics.REGISTRY_EVENTS)
public record TransferWithdrawn(String transferId, String personId, String fromPoolingArea, String toPoolingArea,
        Instant at) {
}
