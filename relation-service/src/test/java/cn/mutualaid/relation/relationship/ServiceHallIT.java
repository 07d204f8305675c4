package cn.mutualaid.relation.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service-hall relationship freezes the benefactor's money: the benefactor's area makes it ACTIVE, the
 * beneficiary's area only files it (PENDING_CONSENT, awaiting the benefactor or the benefactor's agency), any other
 * area is refused and nothing is written. Every step leaves one audit entry.
 */
class ServiceHallIT extends MeshFixture {

    @BeforeEach
    void rollouts() {
        announceRollouts();
    }

    private record Pair(String benefactor, String beneficiary) {
    }

    /** A Nanjing benefactor and a Chengdu grandchild (cross-province, live in both provinces). */
    private Pair pair() {
        String benefactor = enrolled(Scheme.EMPLOYEE, NANJING);
        String beneficiary = enrolled(Scheme.RESIDENT, CHENGDU);
        verifiedKinship(benefactor, beneficiary, Kinship.GRANDCHILD);
        return new Pair(benefactor, beneficiary);
    }

    private String filedByTheBeneficiarysHall(Pair p) {
        Map<String, Object> filed = body(agencyCreates(CHENGDU, p.benefactor(), p.beneficiary(), Kinship.GRANDCHILD)
                .expectStatus().isCreated());
        assertThat(filed).containsEntry("status", "PENDING_CONSENT").containsEntry("awaiting", "BENEFACTOR");
        String id = (String) filed.get("relationId");
        assertThat(outboxCount("RelationProposed", id)).isEqualTo(1);
        assertThat(outboxCount("RelationActivated", id)).isZero();
        return id;
    }

    private long writesFor(Pair p) {
        return db.sql("select (select count(*) from relation where benefactor_id = :a)"
                        + " + (select count(*) from audit_log where changes->>'benefactorId' = :a)")
                .bind("a", p.benefactor()).map(row -> row.get(0, Long.class)).one().block();
    }

    @Test
    void anotherAreasAgencyIsRefusedAndNothingIsWritten() {
        Pair p = pair();
        for (String area : List.of(ZHENGZHOU, SUZHOU, "410000")) {
            agencyCreates(area, p.benefactor(), p.beneficiary(), Kinship.GRANDCHILD).expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_PARTIES_AGENCY");
        }
        assertThat(writesFor(p)).isZero();
    }

    @Test
    void theBenefactorsHallCreatesItActiveAndAuditsIt() {
        Pair p = pair();
        String id = (String) body(agencyCreates("320000", p.benefactor(), p.beneficiary(), Kinship.GRANDCHILD)
                .expectStatus().isCreated()).get("relationId");
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(auditOf(id)).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("action", "relation.service-hall").containsEntry("actor", "agency-320000")
                .containsEntry("target_area", NANJING));
    }

    @Test
    void aFilingWaitsForTheBenefactorWhoConsents() {
        Pair p = pair();
        String id = filedByTheBeneficiarysHall(p);
        String consent = "/api/v1/relations/" + id + "/consent";

        // Neither the beneficiary nor the filing agency can complete it; an unrelated one does not even see it.
        post(TestJwt.insured(p.beneficiary()), consent).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_BENEFACTOR");
        post(TestJwt.agency(CHENGDU), consent).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_BENEFACTOR");
        post(TestJwt.agency(ZHENGZHOU), consent).expectStatus().isNotFound();
        post(TestJwt.insured(newId("stranger")), consent).expectStatus().isNotFound();
        assertThat(status(id)).isEqualTo("PENDING_CONSENT");
        assertThat(outboxCount("RelationActivated", id)).isZero();

        body(post(TestJwt.insured(p.benefactor()), consent).expectStatus().isOk());
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(outboxCount("RelationActivated", id)).isEqualTo(1);
        // A repeat changes nothing.
        post(TestJwt.insured(p.benefactor()), consent).expectStatus().isOk();
        assertThat(outboxCount("RelationActivated", id)).isEqualTo(1);
        assertThat(auditOf(id)).extracting(e -> e.get("action"))
                .containsExactly("relation.service-hall-file", "relation.consent");
        assertThat(auditOf(id).get(1)).containsEntry("actor", p.benefactor()).containsEntry("actor_role", "INSURED");
    }

    @Test
    void theBenefactorsAgencyMayConsentOrDecline() {
        Pair p = pair();
        String id = filedByTheBeneficiarysHall(p);
        post(TestJwt.agency("320000"), "/api/v1/relations/" + id + "/consent").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        assertThat(auditOf(id).get(1)).containsEntry("action", "relation.consent")
                .containsEntry("actor", "agency-320000");

        Pair other = pair();
        String filed = filedByTheBeneficiarysHall(other);
        post(TestJwt.agency(NANJING), "/api/v1/relations/" + filed + "/decline").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DECLINED");
        assertThat(outboxCount("RelationDeclined", filed)).isEqualTo(1);
        assertThat(auditOf(filed)).extracting(e -> e.get("action"))
                .containsExactly("relation.service-hall-file", "relation.decline");
    }

    @Test
    void aProposalAndItsAnswerAndTheDissolutionAreAudited() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, SUZHOU);
        verifiedKinship(benefactor, beneficiary, Kinship.CHILD);
        String id = (String) body(propose(benefactor, beneficiary, Kinship.CHILD).expectStatus().isCreated())
                .get("relationId");
        post(TestJwt.insured(beneficiary), "/api/v1/relations/" + id + "/consent").expectStatus().isOk();
        post(TestJwt.agency(SUZHOU), "/api/v1/relations/" + id + "/dissolve").expectStatus().isAccepted();
        // A repeated dissolve changes nothing and adds no entry.
        post(TestJwt.insured(benefactor), "/api/v1/relations/" + id + "/dissolve").expectStatus().isAccepted();

        List<Map<String, Object>> entries = auditOf(id);
        assertThat(entries).extracting(e -> e.get("action"))
                .containsExactly("relation.propose", "relation.consent", "relation.dissolve");
        assertThat(entries).allSatisfy(e -> assertThat(e).containsEntry("target_area", SUZHOU));
        assertThat((String) entries.get(2).get("changes")).contains("AGENCY_REQUEST");
    }

    @Test
    void theServicesAuditLogIsReadByTheAreasOwnAgencyAndByAdmin() {
        Pair p = pair();
        String id = (String) body(agencyCreates(NANJING, p.benefactor(), p.beneficiary(), Kinship.GRANDCHILD)
                .expectStatus().isCreated()).get("relationId");
        String query = "/api/v1/audit/relation?action=relation.service-hall&size=200";
        for (String reader : List.of(TestJwt.agency(NANJING), TestJwt.agency("320000"), TestJwt.admin())) {
            assertThat(get(reader, query).expectStatus().isOk().expectBodyList(Map.class).returnResult()
                    .getResponseBody()).as(reader).anySatisfy(e -> assertThat(e.get("targetId")).isEqualTo(id));
        }
        // The beneficiary's area sees only its own area's entries: this one is the benefactor's.
        assertThat(get(TestJwt.agency(CHENGDU), query).expectStatus().isOk().expectBodyList(Map.class).returnResult()
                .getResponseBody()).noneSatisfy(e -> assertThat(e.get("targetId")).isEqualTo(id));
        get(TestJwt.insured(p.benefactor()), query).expectStatus().isForbidden();
        String csv = web.get().uri(query + "&format=csv").header("Authorization", "Bearer " + TestJwt.admin())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("id,at,actor").contains(id);
    }
}
