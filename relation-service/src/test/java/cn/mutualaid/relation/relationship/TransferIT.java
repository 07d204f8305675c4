package cn.mutualaid.relation.relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An insurance transfer ends every relationship of the person (each saga to DISSOLVED), and only then moves the
 * account, exactly once per transfer.
 */
class TransferIT extends MeshFixture {

    @BeforeEach
    void rollouts() {
        announceRollouts();
    }

    private String idOf(Map<String, Object> relation) {
        return (String) relation.get("relationId");
    }

    private long outboxId(String type, String aggregateId) {
        return db.sql("select max(id) from outbox where type = :t and aggregate_id = :a").bind("t", type)
                .bind("a", aggregateId).map(row -> row.get(0, Long.class)).one().block();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dissolutionOf(String relationId, String asPerson) {
        return (Map<String, Object>) relation(relationId, asPerson).get("dissolution");
    }

    @Test
    void aTransferDissolvesAllThreeRelationshipsThenMovesTheAccountOnce() {
        String person = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String child = enrolled(Scheme.RESIDENT, SUZHOU);
        String spouse = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String parent = enrolled(Scheme.EMPLOYEE, NANJING);
        String toChild = idOf(activeRelation(person, child, Kinship.CHILD));
        String toSpouse = idOf(activeRelation(person, spouse, Kinship.SPOUSE));
        String fromParent = idOf(activeRelation(parent, person, Kinship.CHILD));
        wallet.willRelease(toChild, 10_000);
        wallet.willRelease(toSpouse, 2_500);
        wallet.willRelease(fromParent, 0);
        wallet.hold(fromParent); // the parent's side answers late

        String transferId = newId("transfer");
        Envelope transfer = transfer(transferId, person, SUZHOU, CHENGDU);
        awaitProcessed(transfer);
        await().atMost(PATIENCE).until(() -> "DISSOLVED".equals(status(toChild))
                && "DISSOLVED".equals(status(toSpouse)));
        assertThat(status(fromParent)).isEqualTo("DISSOLVING");
        // One saga still waits: the account does not move yet.
        assertThat(outboxCount("MoveAccount", person)).isZero();

        wallet.resume(fromParent);
        await().atMost(PATIENCE).until(() -> "DISSOLVED".equals(status(fromParent)));
        await().atMost(PATIENCE).until(() -> wallet.moveCommandsFor(person).size() == 1);

        assertThat(dissolutionOf(toChild, person)).containsEntry("reason", "INSURANCE_TRANSFERRED")
                .containsEntry("releasedFen", 10_000).containsEntry("state", "DISSOLVED");
        assertThat(dissolutionOf(toSpouse, person)).containsEntry("releasedFen", 2_500);
        assertThat(dissolutionOf(fromParent, person)).containsEntry("releasedFen", 0)
                .containsEntry("state", "DISSOLVED");
        MoveAccount move = wallet.moveCommandsFor(person).get(0);
        assertThat(move.commandId()).isEqualTo(transferId);
        assertThat(move.transferId()).isEqualTo(transferId);
        assertThat(move.toPoolingArea()).isEqualTo(CHENGDU);
        assertThat(move.toProvince()).isEqualTo("510000");
        // The command was written after the last RelationDissolved.
        for (String id : List.of(toChild, toSpouse, fromParent)) {
            assertThat(outboxId("MoveAccount", person)).isGreaterThan(outboxId("RelationDissolved", id));
        }

        // The same transfer again: redelivered, and re-published with a new event id. Nothing changes.
        publishRegistry(transfer);
        Envelope duplicate = transfer(transferId, person, SUZHOU, CHENGDU);
        awaitProcessed(duplicate);
        assertThat(outboxCount("MoveAccount", person)).isEqualTo(1);
        for (String id : List.of(toChild, toSpouse, fromParent)) {
            assertThat(outboxCount("RelationDissolved", id)).isEqualTo(1);
            assertThat(outboxCount("ReleaseQuota", id)).isGreaterThanOrEqualTo(1);
        }
        assertThat(db.sql("select count(*) from transfer_saga where transfer_id = :t").bind("t", transferId)
                .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(3);

        // In the new area the person can establish new relationships.
        String newNeighbourRelative = enrolled(Scheme.RESIDENT, CHENGDU);
        verifiedKinship(person, newNeighbourRelative, Kinship.SIBLING);
        Map<String, Object> fresh = body(propose(person, newNeighbourRelative, Kinship.SIBLING)
                .expectStatus().isCreated());
        assertThat(fresh).containsEntry("scope", "SAME_AREA").containsEntry("benefactorPoolingArea", CHENGDU);
        // ... and re-establish with the old family, now across provinces (both live).
        Map<String, Object> again = body(propose(person, child, Kinship.CHILD).expectStatus().isCreated());
        assertThat(again).containsEntry("scope", "CROSS_PROVINCE");
    }

    @Test
    void aPersonWithoutRelationshipsMovesAtOnce() {
        String person = enrolled(Scheme.EMPLOYEE, NANJING);
        String transferId = newId("transfer");
        awaitProcessed(transfer(transferId, person, NANJING, SUZHOU));
        assertThat(outboxCount("MoveAccount", person)).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> wallet.moveCommandsFor(person).size() == 1);
        assertThat(wallet.moveCommandsFor(person).get(0).toPoolingArea()).isEqualTo(SUZHOU);
    }

    @Test
    void aTransferAlsoWaitsForASagaThatWasAlreadyRunning() {
        String person = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String child = enrolled(Scheme.RESIDENT, SUZHOU);
        String relation = idOf(activeRelation(person, child, Kinship.CHILD));
        wallet.hold(relation);
        post(TestJwt.insured(person), "/api/v1/relations/" + relation + "/dissolve")
                .expectStatus().isAccepted();

        awaitProcessed(transfer(newId("transfer"), person, SUZHOU, NANJING));
        assertThat(status(relation)).isEqualTo("DISSOLVING");
        assertThat(outboxCount("MoveAccount", person)).isZero();

        wallet.resume(relation);
        await().atMost(PATIENCE).until(() -> outboxCount("MoveAccount", person) == 1);
        assertThat(dissolutionOf(relation, person)).containsEntry("reason", "BENEFACTOR_REQUEST");
    }
}
