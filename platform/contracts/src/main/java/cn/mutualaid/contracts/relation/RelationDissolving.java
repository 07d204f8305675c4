package cn.mutualaid.contracts.relation;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A relationship is ending: from now no new quota or payment may use it. */
@Contract(type = "RelationDissolving", version = 1, topic = Topics.RELATION_EVENTS)
public record RelationDissolving(String relationId, String sagaId, String benefactorId, String beneficiaryId, String reason, Instant at) {
}
