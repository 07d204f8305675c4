package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A person's insurance moved to another pooling area (跨统筹地区转移); relationships end, then the account moves. */
@Contract(type = "InsuranceTransferred", version = 1, topic = Topics.REGISTRY_EVENTS)
public record InsuranceTransferred(String transferId, String personId, Scheme fromScheme, Scheme toScheme, String fromPoolingArea, String fromProvince, String toPoolingArea, String toProvince, Instant at) {
}
