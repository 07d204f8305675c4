package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A verified kinship: relativeId is the person's {@code kinship}. The inverse link is implied (kinship.inverse()). */
@Contract(type = "KinshipVerified", version = 1, topic = Topics.REGISTRY_EVENTS)
public record KinshipVerified(String personId, String relativeId, Kinship kinship, Instant verifiedAt) {
}
