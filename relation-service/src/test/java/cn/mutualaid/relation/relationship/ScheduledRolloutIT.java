package cn.mutualaid.relation.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.relation.TestClock;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * A scheduled rollout takes effect at its instant, in the running service: a request is judged by the policy in
 * force at the request's own time. Hebei (130000) is used by this class only; its province announced nothing.
 */
class ScheduledRolloutIT extends MeshFixture {
    private static final String SHIJIAZHUANG = "130100";

    @Autowired TestClock clock;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void aRelationshipProposedJustBeforeTheSwitchIsRefusedAndJustAfterItAllowed() {
        announceRollouts();
        Instant switchAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        awaitProcessed(rolloutV2(SHIJIAZHUANG, AidScope.CROSS_PROVINCE, KinshipScope.CLOSE_RELATIVES, switchAt));
        String benefactor = enrolled(Scheme.EMPLOYEE, SHIJIAZHUANG);
        String daughter = enrolled(Scheme.RESIDENT, CHENGDU);
        verifiedKinship(benefactor, daughter, Kinship.CHILD);

        clock.stopAt(switchAt.minusMillis(1));
        assertThat(body(propose(benefactor, daughter, Kinship.CHILD).expectStatus().isEqualTo(422)))
                .containsEntry("code", "CROSS_PROVINCE_NOT_LIVE");
        Map<String, Object> before = scopeFacts(benefactor, daughter);
        assertThat(before).containsEntry("geographicScope", "INTRA_PROVINCE").containsEntry("source", "DEFAULT")
                .containsEntry("since", null);
        assertThat(relationsBetween(daughter, benefactor)).isZero();

        clock.stopAt(switchAt);
        Map<String, Object> after = scopeFacts(benefactor, daughter);
        assertThat(after).containsEntry("geographicScope", "CROSS_PROVINCE").containsEntry("source", "AREA")
                .containsEntry("since", switchAt.toString());
        assertThat(body(propose(benefactor, daughter, Kinship.CHILD).expectStatus().isCreated()))
                .containsEntry("status", "PENDING_CONSENT").containsEntry("scope", "CROSS_PROVINCE");
        assertThat(relationsBetween(daughter, benefactor)).isEqualTo(1);
    }

    /** The benefactor's area's facts in explain's scope rule. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> scopeFacts(String benefactor, String beneficiary) {
        Map<String, Object> answer = body(web.post().uri("/api/v1/relations/explain")
                .header("Authorization", "Bearer " + TestJwt.insured(benefactor))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("beneficiaryId", beneficiary, "kinship", "CHILD")).exchange()
                .expectStatus().isOk());
        List<Map<String, Object>> checks = (List<Map<String, Object>>) answer.get("checks");
        Map<String, Object> scope = checks.stream().filter(c -> "SCOPE_LIVE".equals(c.get("rule"))).findFirst()
                .orElseThrow();
        return (Map<String, Object>) ((Map<String, Object>) scope.get("facts")).get("benefactorArea");
    }

    private long relationsBetween(String beneficiary, String benefactor) {
        return db.sql("select count(*) from relation where benefactor_id = :a and beneficiary_id = :b")
                .bind("a", benefactor).bind("b", beneficiary).map(row -> row.get(0, Long.class)).one().block();
    }
}
