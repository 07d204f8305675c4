package cn.mutualaid.relation.relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.testing.ManagementPort;
import cn.mutualaid.testing.TestJwt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.core.env.Environment;

/** The dissolution saga against real PostgreSQL and Kafka, with {@code FakeWallet} on the wallet's side. */
class DissolutionSagaIT extends MeshFixture {
    @Autowired SagaScheduler scheduler;
    @Autowired BindingsLifecycleController bindings;
    @Autowired Environment environment;

    private String activeRelationId(String benefactor, String beneficiary) {
        return (String) activeRelation(benefactor, beneficiary, Kinship.CHILD).get("relationId");
    }

    private Map<String, Object> awaitDissolved(String relationId, String asPerson) {
        await().atMost(PATIENCE).until(() -> "DISSOLVED".equals(status(relationId)));
        return relation(relationId, asPerson);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dissolution(Map<String, Object> relation) {
        return (Map<String, Object>) relation.get("dissolution");
    }

    @SuppressWarnings("unchecked")
    private static List<String> steps(Map<String, Object> relation) {
        return ((List<Map<String, Object>>) dissolution(relation).get("saga")).stream()
                .map(s -> (String) s.get("step")).toList();
    }

    private long sagaSteps(String relationId, String step) {
        return db.sql("""
                        select count(*) from saga_step st join dissolution_saga s on s.saga_id = st.saga_id
                         where s.relation_id = :r and st.step = :step""")
                .bind("r", relationId).bind("step", step).map(row -> row.get(0, Long.class)).one().block();
    }

    @Test
    void theBenefactorDissolvesAndTheQuotaComesBackOnce() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        String id = activeRelationId(benefactor, beneficiary);
        wallet.willRelease(id, 12_345);

        Map<String, Object> accepted = body(post(TestJwt.insured(benefactor), "/api/v1/relations/" + id + "/dissolve")
                .expectStatus().isAccepted());
        assertThat(accepted.get("status")).isIn("DISSOLVING", "DISSOLVED");

        Map<String, Object> dissolved = awaitDissolved(id, beneficiary);
        assertThat(dissolution(dissolved)).containsEntry("reason", "BENEFACTOR_REQUEST")
                .containsEntry("releasedFen", 12_345).containsEntry("state", "DISSOLVED")
                .containsEntry("stuck", false);
        assertThat(steps(dissolved)).startsWith("DISSOLVING", "RELEASE_QUOTA_SENT").endsWith("QUOTA_RELEASED",
                "DISSOLVED");
        assertThat(outboxCount("RelationDissolving", id)).isEqualTo(1);
        assertThat(outboxCount("RelationDissolved", id)).isEqualTo(1);

        // Dissolving again is accepted and changes nothing.
        post(TestJwt.insured(beneficiary), "/api/v1/relations/" + id + "/dissolve").expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("DISSOLVED");
        assertThat(db.sql("select count(*) from dissolution_saga where relation_id = :r").bind("r", id)
                .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1);
    }

    @Test
    void eitherPartyOrTheirAgencyMayDissolveAndNobodyElse() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        String byBeneficiary = activeRelationId(benefactor, beneficiary);
        String other = enrolled(Scheme.RESIDENT, SUZHOU);
        String byAgency = activeRelationId(benefactor, other);

        post(TestJwt.insured(newId("stranger")), "/api/v1/relations/" + byBeneficiary + "/dissolve")
                .expectStatus().isNotFound();
        post(TestJwt.agency(ZHENGZHOU), "/api/v1/relations/" + byBeneficiary + "/dissolve").expectStatus().isNotFound();
        post(TestJwt.provider("hospital-1"), "/api/v1/relations/" + byBeneficiary + "/dissolve")
                .expectStatus().isForbidden();
        assertThat(status(byBeneficiary)).isEqualTo("ACTIVE");

        post(TestJwt.insured(beneficiary), "/api/v1/relations/" + byBeneficiary + "/dissolve").expectStatus()
                .isAccepted();
        post(TestJwt.agency("320000"), "/api/v1/relations/" + byAgency + "/dissolve").expectStatus().isAccepted();
        assertThat(dissolution(awaitDissolved(byBeneficiary, benefactor))).containsEntry("reason",
                "BENEFICIARY_REQUEST");
        assertThat(dissolution(awaitDissolved(byAgency, benefactor))).containsEntry("reason", "AGENCY_REQUEST");
    }

    @Test
    void aProposalNotYetConsentedEndsAtOnceWithoutAWalletCommand() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        verifiedKinship(benefactor, beneficiary, Kinship.SPOUSE);
        String id = (String) body(propose(benefactor, beneficiary, Kinship.SPOUSE).expectStatus().isCreated())
                .get("relationId");

        post(TestJwt.insured(benefactor), "/api/v1/relations/" + id + "/dissolve").expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("DISSOLVED");
        Map<String, Object> dissolved = relation(id, benefactor);
        assertThat(dissolution(dissolved)).containsEntry("releasedFen", 0);
        assertThat(steps(dissolved)).containsExactly("DISSOLVING", "DISSOLVED");
        assertThat(outboxCount("ReleaseQuota", id)).isZero();
        assertThat(outboxCount("RelationDissolved", id)).isEqualTo(1);
    }

    @Test
    void repeatedAndLateRepliesChangeNothingTwice() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        String id = activeRelationId(benefactor, beneficiary);
        wallet.hold(id);
        post(TestJwt.insured(benefactor), "/api/v1/relations/" + id + "/dissolve").expectStatus().isAccepted();
        await().atMost(PATIENCE).until(() -> !wallet.releaseCommandsFor(id).isEmpty());
        ReleaseQuota command = wallet.releaseCommandsFor(id).get(0).payloadAs(ReleaseQuota.class);

        // The same reply three times (one event id), then another reply for the same saga with another amount.
        Envelope reply = Envelope.wrap(new ReleaseQuotaReply(command.commandId(), command.sagaId(), id, 500, 0,
                Instant.now()), id);
        for (int i = 0; i < 3; i++) {
            wallet.reply(reply);
        }
        Envelope other = wallet.reply(new ReleaseQuotaReply(command.commandId(), command.sagaId(), id, 999, 0,
                Instant.now()));
        // A reply naming an unknown saga, behind the others on the same key.
        Envelope unknown = wallet.reply(new ReleaseQuotaReply(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), id, 777, 0, Instant.now()));
        awaitProcessed(reply, other, unknown);

        Map<String, Object> dissolved = relation(id, benefactor);
        assertThat(dissolved).containsEntry("status", "DISSOLVED");
        assertThat(dissolution(dissolved)).containsEntry("releasedFen", 500);
        assertThat(outboxCount("RelationDissolved", id)).isEqualTo(1);
        assertThat(sagaSteps(id, "QUOTA_RELEASED")).isEqualTo(1);
        assertThat(sagaSteps(id, "DISSOLVED")).isEqualTo(1);
        assertThat(db.sql("select count(*) from inbox where event_id = :e").bind("e", reply.eventId())
                .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1);
        wallet.resume(id);
    }

    @Test
    void aSagaInterruptedBeforeTheReplyResumesAndFinishes() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        String id = activeRelationId(benefactor, beneficiary);
        wallet.willRelease(id, 4_200);
        wallet.hold(id);
        post(TestJwt.insured(beneficiary), "/api/v1/relations/" + id + "/dissolve").expectStatus().isAccepted();

        // The wallet is silent: the command is re-sent with backoff, always with the saga's command id.
        await().atMost(PATIENCE).until(() -> wallet.releaseCommandsFor(id).size() >= 3);
        String sagaId = (String) dissolution(relation(id, benefactor)).get("sagaId");
        List<Envelope> sent = wallet.releaseCommandsFor(id);
        assertThat(sent).extracting(e -> e.payloadAs(ReleaseQuota.class).commandId()).containsOnly(sagaId);
        assertThat(sent).extracting(Envelope::eventId).doesNotHaveDuplicates();
        assertThat(status(id)).isEqualTo("DISSOLVING");

        // "Crash": the saga scheduler and the reply consumer stop in the middle of the saga.
        scheduler.stop();
        bindings.changeState("walletReplies-in-0", BindingsLifecycleController.State.STOPPED);
        try {
            int beforeRestart = wallet.releaseCommandsFor(id).size();
            wallet.resume(id);
            // "Restart" of the scheduler alone: from the database it finds the waiting saga and sends again.
            scheduler.start();
            await().atMost(PATIENCE).until(() -> wallet.repliesFor(id).size() >= 1);
            assertThat(wallet.releaseCommandsFor(id).size()).isGreaterThan(beforeRestart);
            // The reply waits in Kafka while the consumer is down: nothing moved.
            assertThat(status(id)).isEqualTo("DISSOLVING");
        } finally {
            scheduler.start();
            bindings.changeState("walletReplies-in-0", BindingsLifecycleController.State.STARTED);
        }

        Map<String, Object> dissolved = awaitDissolved(id, benefactor);
        assertThat(dissolution(dissolved)).containsEntry("releasedFen", 4_200)
                .containsEntry("sagaId", sagaId);
        assertThat(steps(dissolved)).contains("RELEASE_QUOTA_RESENT");
        assertThat(wallet.releaseCommandsFor(id)).extracting(e -> e.payloadAs(ReleaseQuota.class).commandId())
                .containsOnly(sagaId);
        assertThat(outboxCount("RelationDissolved", id)).isEqualTo(1);
        assertThat(sagaSteps(id, "QUOTA_RELEASED")).isEqualTo(1);
    }

    @Test
    void aSagaWaitingTooLongIsFlaggedInTheApiAndTheMetric() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        String id = activeRelationId(benefactor, beneficiary);
        wallet.hold(id);
        post(TestJwt.agency(SUZHOU), "/api/v1/relations/" + id + "/dissolve").expectStatus().isAccepted();

        // Tests treat a saga as stuck after 4s (src/test/resources/config/application.yml).
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(
                dissolution(relation(id, benefactor)).get("stuck")));
        await().atMost(PATIENCE).until(() -> scheduler.stuckSagas() >= 1);
        ManagementPort.client(environment).get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text).contains("mesh_saga_stuck"));

        wallet.resume(id);
        Map<String, Object> dissolved = awaitDissolved(id, benefactor);
        assertThat(dissolution(dissolved)).containsEntry("stuck", false);
    }

    @Test
    void terminatedInsuranceEndsEveryRelationshipOfThePerson() {
        String person = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String child = enrolled(Scheme.RESIDENT, SUZHOU);
        String parent = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String asBenefactor = activeRelationId(person, child);
        wallet.willRelease(asBenefactor, 800);
        verifiedKinship(parent, person, Kinship.CHILD);
        String pending = (String) body(propose(parent, person, Kinship.CHILD).expectStatus().isCreated())
                .get("relationId");

        Envelope terminated = termination(person, Scheme.EMPLOYEE, SUZHOU);
        publishRegistry(terminated); // delivered twice
        awaitProcessed(terminated);

        assertThat(dissolution(awaitDissolved(asBenefactor, child))).containsEntry("reason", "INSURANCE_TERMINATED")
                .containsEntry("releasedFen", 800);
        assertThat(dissolution(awaitDissolved(pending, parent))).containsEntry("reason", "INSURANCE_TERMINATED")
                .containsEntry("releasedFen", 0);
        assertThat(outboxCount("RelationDissolved", asBenefactor)).isEqualTo(1);
        assertThat(outboxCount("RelationDissolved", pending)).isEqualTo(1);
        propose(person, child, Kinship.CHILD).expectStatus().isEqualTo(422).expectBody().jsonPath("$.code")
                .isEqualTo("NOT_EMPLOYEE_INSURED");
    }
}
