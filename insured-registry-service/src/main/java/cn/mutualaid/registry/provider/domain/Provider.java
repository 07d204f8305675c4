package cn.mutualaid.registry.provider.domain;

import cn.mutualaid.contracts.ProviderType;
import java.time.Instant;

/** A designated medical institution or retail pharmacy (定点医疗机构 / 定点零售药店) in a pooling area. */
public record Provider(String providerId, String name, ProviderType type, String poolingArea, String province,
        Instant registeredAt) {
}
