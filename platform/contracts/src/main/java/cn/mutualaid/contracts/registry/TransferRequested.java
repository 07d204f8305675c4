package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/**
 * The target area's agency asked to take over a person's insurance (医保关系转移接续). Nothing has moved yet: the
 * current area (or the person) confirms, and only then is InsuranceTransferred published with the same transferId.
 */
@Contract(type = "TransferRequested", version = 1, topic = Topics.REGISTRY_EVENTS)
public record TransferRequested(String transferId, String personId, Scheme fromScheme, Scheme toScheme,
        String fromPoolingArea, String fromProvince, String toPoolingArea, String toProvince, String filedByArea,
        Instant expiresAt, Instant at) {
}
