package cn.mutualaid.relation.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutInForce;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import cn.mutualaid.relation.projection.store.ProjectionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Registry events → local projections, over real Kafka: redelivered and reordered events change nothing twice. */
class RegistryProjectionIT extends MeshFixture {
    /** Pooling areas of Hainan, used by this class only (Haikou's districts stand in for areas of their own). */
    private static final String HAIKOU = "460100";
    private static final String HAIKOU_EAST = "460108";
    private static final String SANYA_ISLAND = "460200";
    @Autowired ProjectionStore store;

    @Test
    void anEnrollmentIsProjectedAndALateOlderEventDoesNotOverwriteANewerOne() {
        String person = newId("p");
        Instant t0 = Instant.now().minusSeconds(60);
        // The termination (newer) arrives first, the enrollment it ended (older) afterwards.
        Envelope terminated = publishRegistry(Envelope.wrap(UUID.randomUUID(),
                new InsuranceTerminated(person, Scheme.EMPLOYEE, SUZHOU, "320000", "retired", t0.plusSeconds(30)),
                person, t0.plusSeconds(30), null));
        Envelope enrolled = publishRegistry(Envelope.wrap(UUID.randomUUID(),
                new InsuranceEnrolled(person, Scheme.EMPLOYEE, SUZHOU, "320000", t0), person, t0, null));
        awaitProcessed(terminated, enrolled);

        InsuredPerson projected = store.person(person).block();
        assertThat(projected.status()).isEqualTo(InsuredPerson.Status.TERMINATED);
        assertThat(projected.poolingArea()).isEqualTo(SUZHOU);

        // A later enrollment (re-insured elsewhere) does apply.
        awaitProcessed(enrolment(person, Scheme.RESIDENT, NANJING));
        projected = store.person(person).block();
        assertThat(projected.status()).isEqualTo(InsuredPerson.Status.ACTIVE);
        assertThat(projected.scheme()).isEqualTo(Scheme.RESIDENT);
        assertThat(projected.province()).isEqualTo("320000");
    }

    @Test
    void aTerminationOlderThanTheCurrentEnrollmentEndsNothing() {
        String person = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String child = enrolled(Scheme.RESIDENT, SUZHOU);
        String relationId = (String) activeRelation(person, child, Kinship.CHILD).get("relationId");
        Instant beforeEnrollment = Instant.now().minus(Duration.ofHours(1));
        Envelope stale = publishRegistry(Envelope.wrap(UUID.randomUUID(), new InsuranceTerminated(person,
                Scheme.EMPLOYEE, SUZHOU, "320000", "old record", beforeEnrollment), person, beforeEnrollment, null));
        awaitProcessed(stale);

        assertThat(store.person(person).block().status()).isEqualTo(InsuredPerson.Status.ACTIVE);
        assertThat(status(relationId)).isEqualTo("ACTIVE");
        assertThat(outboxCount("RelationDissolving", relationId)).isZero();
    }

    @Test
    void kinshipIsStoredInBothDirectionsAndARedeliveredEventOnce() {
        String parent = newId("p");
        String child = newId("c");
        Envelope verified = kinship(parent, child, Kinship.CHILD);
        publishRegistry(verified);
        publishRegistry(verified);
        // A marker behind the copies on the same key: once it is processed, so are they.
        awaitProcessed(verified, kinship(parent, newId("x"), Kinship.SPOUSE));

        assertThat(store.kinshipVerified(parent, child, Kinship.CHILD).block()).isTrue();
        assertThat(store.kinshipVerified(child, parent, Kinship.PARENT).block()).isTrue();
        assertThat(store.kinshipVerified(parent, child, Kinship.PARENT).block()).isFalse();
        assertThat(db.sql("select count(*) from inbox where event_id = :e").bind("e", verified.eventId())
                .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1);
        assertThat(db.sql("select count(*) from kinship_link where person_id in (:a, :b) and relative_id in (:a, :b)")
                .bind("a", parent).bind("b", child).map(row -> row.get(0, Long.class)).one().block()).isEqualTo(2);
    }

    @Test
    void rolloutKeepsItsHistoryWhateverOrderItArrivesIn() {
        // 460000 (Hainan) is used by this test only.
        Instant now = Instant.now();
        Instant inAnHour = now.plus(Duration.ofHours(1));
        Envelope future = rollout("460000", true, KinshipScope.CLOSE_RELATIVES, inAnHour);
        Envelope past = rollout("460000", false, KinshipScope.NUCLEAR, now.minus(Duration.ofDays(30)));
        awaitProcessed(future, past);

        assertThat(store.rolloutInForce(HAIKOU, now).block().policy())
                .isEqualTo(new RolloutPolicy(AidScope.INTRA_PROVINCE, KinshipScope.NUCLEAR));
        assertThat(store.rolloutInForce(HAIKOU, inAnHour.plusSeconds(1)).block().policy())
                .isEqualTo(new RolloutPolicy(AidScope.CROSS_PROVINCE, KinshipScope.CLOSE_RELATIVES));
        assertThat(store.rolloutInForce(HAIKOU, now.minus(Duration.ofDays(31))).block().policy())
                .isEqualTo(RolloutPolicy.DEFAULT);
        // A province that never announced anything has the registry's default.
        assertThat(store.rolloutInForce("650100", now).block())
                .isEqualTo(RolloutInForce.defaultFor("650100"));
    }

    @Test
    void anAreasOwnRolloutWinsOverItsProvincesAndVersionTwoKeepsHistoryToo() {
        // 460000 (Hainan) is used by this class only: Haikou gets its own steps, Sanya follows the province.
        // Whole seconds: the database keeps microseconds and rounds what is finer.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant weekAgo = now.minus(Duration.ofDays(7));
        Instant tomorrow = now.plus(Duration.ofDays(1));
        awaitProcessed(rolloutV2("460000", AidScope.INTRA_PROVINCE, KinshipScope.NUCLEAR, weekAgo.minusSeconds(1)),
                rolloutV2(SANYA_ISLAND, AidScope.SAME_AREA, KinshipScope.CLOSE_RELATIVES, tomorrow),
                rolloutV2(HAIKOU_EAST, AidScope.CROSS_PROVINCE, KinshipScope.CLOSE_RELATIVES, weekAgo));

        RolloutInForce own = store.rolloutInForce(HAIKOU_EAST, now).block();
        assertThat(own.policy()).isEqualTo(new RolloutPolicy(AidScope.CROSS_PROVINCE, KinshipScope.CLOSE_RELATIVES));
        assertThat(own.source()).isEqualTo(RolloutInForce.Source.AREA);
        assertThat(own.since()).isEqualTo(weekAgo);
        // Sanya's own step is scheduled for tomorrow: until then the province's is in force, from then its own.
        RolloutInForce beforeItsOwn = store.rolloutInForce(SANYA_ISLAND, now).block();
        assertThat(beforeItsOwn.source()).isEqualTo(RolloutInForce.Source.PROVINCE);
        assertThat(beforeItsOwn.policy()).isEqualTo(new RolloutPolicy(AidScope.INTRA_PROVINCE, KinshipScope.NUCLEAR));
        RolloutInForce fromItsOwn = store.rolloutInForce(SANYA_ISLAND, tomorrow).block();
        assertThat(fromItsOwn.source()).isEqualTo(RolloutInForce.Source.AREA);
        assertThat(fromItsOwn.policy().geographicScope()).isEqualTo(AidScope.SAME_AREA);
    }
}
