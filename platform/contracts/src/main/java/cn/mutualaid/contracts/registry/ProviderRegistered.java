package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A designated medical institution or retail pharmacy. */
@Contract(type = "ProviderRegistered", version = 1, topic = Topics.REGISTRY_EVENTS)
public record ProviderRegistered(String providerId, String name, ProviderType type, String poolingArea, String province, Instant at) {
}
