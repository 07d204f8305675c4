package cn.mutualaid.contracts.relation;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** The benefactor proposed; waiting for the beneficiary's consent. */
@Contract(type = "RelationProposed", version = 1, topic = Topics.RELATION_EVENTS)
public record RelationProposed(String relationId, String benefactorId, String beneficiaryId, Kinship kinship, AidScope scope, Instant at) {
}
