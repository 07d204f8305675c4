package cn.mutualaid.contracts.relation;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;

/** A relationship is ACTIVE: the wallet may now hold a quota for it. */
@Contract(type = "RelationActivated", version = 1, topic = Topics.RELATION_EVENTS)
public record RelationActivated(String relationId, String benefactorId, String beneficiaryId, Kinship kinship, AidScope scope, String benefactorPoolingArea, String beneficiaryPoolingArea, Instant at) {
}
