package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A requested transfer ended without moving anything: the current area's agency, or the person, refused it. */
@Contract(type = "TransferRefused", version = 1, topic = Topics.REGISTRY_EVENTS)
public record TransferRefused(String transferId, String personId, String fromPoolingArea, String toPoolingArea,
        Instant at) {
}
