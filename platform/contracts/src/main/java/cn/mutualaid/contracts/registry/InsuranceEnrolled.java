package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A person's current enrollment became ACTIVE in a pooling area. */
@Contract(type = "InsuranceEnrolled", version = 1, topic = Topics.REGISTRY_EVENTS)
public record InsuranceEnrolled(String personId, Scheme scheme, String poolingArea, String province, Instant since) {
}
