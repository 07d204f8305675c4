package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A person's insurance ended; every relationship they are part of must end. */
@Contract(type = "InsuranceTerminated", version = 1, topic = Topics.REGISTRY_EVENTS)
public record InsuranceTerminated(String personId, Scheme scheme, String poolingArea, String province, String reason, Instant at) {
}
