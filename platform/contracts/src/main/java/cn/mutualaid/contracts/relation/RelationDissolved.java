package cn.mutualaid.contracts.relation;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A relationship ended and its unused quota is back with the benefactor. */
@Contract(type = "RelationDissolved", version = 1, topic = Topics.RELATION_EVENTS)
public record RelationDissolved(String relationId, String sagaId, String benefactorId, String beneficiaryId, String reason, long releasedFen, Instant at) {
}
