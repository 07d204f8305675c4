package cn.mutualaid.contracts.relation;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** The beneficiary declined a proposal. */
@Contract(type = "RelationDeclined", version = 1, topic = Topics.RELATION_EVENTS)
public record RelationDeclined(String relationId, String benefactorId, String beneficiaryId, Instant at) {
}
