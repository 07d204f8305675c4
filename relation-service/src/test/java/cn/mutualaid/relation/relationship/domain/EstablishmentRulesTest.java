package cn.mutualaid.relation.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutInForce;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules.Candidate;
import cn.mutualaid.relation.relationship.domain.EstablishmentRules.Refusal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The establishment rules as plain Java: each refusal, its precedence, and the scope of an allowed pair. */
class EstablishmentRulesTest {
    private static final RolloutPolicy LIVE = new RolloutPolicy(AidScope.CROSS_PROVINCE, KinshipScope.CLOSE_RELATIVES);
    private static final RolloutPolicy NUCLEAR_ONLY = new RolloutPolicy(AidScope.CROSS_PROVINCE, KinshipScope.NUCLEAR);
    private static final RolloutPolicy SAME_AREA_ONLY = new RolloutPolicy(AidScope.SAME_AREA,
            KinshipScope.CLOSE_RELATIVES);

    private static InsuredPerson person(String id, Scheme scheme, InsuredPerson.Status status, String area) {
        return new InsuredPerson(id, scheme, status, area, area.substring(0, 2) + "0000");
    }

    private static InsuredPerson employee(String id, String area) {
        return person(id, Scheme.EMPLOYEE, InsuredPerson.Status.ACTIVE, area);
    }

    private static Candidate candidate(InsuredPerson benefactor, InsuredPerson beneficiary, Kinship kinship,
            boolean verified, RolloutPolicy benefactorPolicy, RolloutPolicy beneficiaryPolicy) {
        return new Candidate("a", benefactor, "b", beneficiary, kinship, verified, inForce(benefactor, benefactorPolicy),
                inForce(beneficiary, beneficiaryPolicy));
    }

    /** The policy as its province's setting, announced at no particular time. */
    private static RolloutInForce inForce(InsuredPerson p, RolloutPolicy policy) {
        return new RolloutInForce(p == null ? null : p.poolingArea(), policy, RolloutInForce.Source.PROVINCE, null);
    }

    private static Candidate sameArea(Kinship kinship) {
        return candidate(employee("a", "320500"), employee("b", "320500"), kinship, true, LIVE, LIVE);
    }

    @Test
    void scopesFollowThePoolingAreas() {
        assertThat(EstablishmentRules.check(sameArea(Kinship.CHILD)).scope()).isEqualTo(AidScope.SAME_AREA);
        assertThat(EstablishmentRules.check(candidate(employee("a", "320500"), employee("b", "320100"),
                Kinship.PARENT, true, RolloutPolicy.DEFAULT, RolloutPolicy.DEFAULT)).scope())
                .isEqualTo(AidScope.INTRA_PROVINCE);
        var cross = EstablishmentRules.check(candidate(employee("a", "320500"), employee("b", "510100"),
                Kinship.SPOUSE, true, LIVE, LIVE));
        assertThat(cross.allowed()).isTrue();
        assertThat(cross.scope()).isEqualTo(AidScope.CROSS_PROVINCE);
    }

    @Test
    void selfIsRefusedBeforeAnythingElse() {
        Candidate self = new Candidate("a", null, "a", null, Kinship.CHILD, false, inForce(null, LIVE),
                inForce(null, LIVE));
        assertThat(EstablishmentRules.check(self).refusal()).isEqualTo(Refusal.SELF_RELATION);
    }

    @Test
    void theBenefactorMustBeAnActiveEmployee() {
        for (InsuredPerson benefactor : new InsuredPerson[] {null,
                person("a", Scheme.RESIDENT, InsuredPerson.Status.ACTIVE, "320500"),
                person("a", Scheme.EMPLOYEE, InsuredPerson.Status.TERMINATED, "320500")}) {
            assertThat(EstablishmentRules.check(candidate(benefactor, employee("b", "320500"), Kinship.CHILD, true,
                    LIVE, LIVE)).refusal()).isEqualTo(Refusal.NOT_EMPLOYEE_INSURED);
        }
    }

    @Test
    void theBeneficiaryMustBeActiveInEitherScheme() {
        InsuredPerson resident = person("b", Scheme.RESIDENT, InsuredPerson.Status.ACTIVE, "320500");
        assertThat(EstablishmentRules.check(candidate(employee("a", "320500"), resident, Kinship.CHILD, true, LIVE,
                LIVE)).allowed()).isTrue();
        for (InsuredPerson beneficiary : new InsuredPerson[] {null,
                person("b", Scheme.RESIDENT, InsuredPerson.Status.TERMINATED, "320500")}) {
            assertThat(EstablishmentRules.check(candidate(employee("a", "320500"), beneficiary, Kinship.CHILD, true,
                    LIVE, LIVE)).refusal()).isEqualTo(Refusal.BENEFICIARY_NOT_INSURED);
        }
    }

    @Test
    void kinshipMustBeVerified() {
        assertThat(EstablishmentRules.check(candidate(employee("a", "320500"), employee("b", "320500"),
                Kinship.CHILD, false, LIVE, LIVE)).refusal()).isEqualTo(Refusal.KINSHIP_NOT_VERIFIED);
    }

    @Test
    void kinshipScopeMustAllowTheKinshipInBothAreas() {
        InsuredPerson a = employee("a", "320500");
        InsuredPerson b = employee("b", "320100");
        assertThat(EstablishmentRules.check(candidate(a, b, Kinship.SIBLING, true, NUCLEAR_ONLY, LIVE)).refusal())
                .isEqualTo(Refusal.KINSHIP_OUT_OF_SCOPE);
        assertThat(EstablishmentRules.check(candidate(a, b, Kinship.SPOUSE, true, NUCLEAR_ONLY, LIVE)).allowed())
                .isTrue();
        // The beneficiary's area narrows it too (a rollout reaches a relationship only where both areas have it).
        assertThat(EstablishmentRules.check(candidate(a, b, Kinship.SIBLING, true, LIVE, NUCLEAR_ONLY)).refusal())
                .isEqualTo(Refusal.KINSHIP_OUT_OF_SCOPE);
        assertThat(EstablishmentRules.check(candidate(a, b, Kinship.SPOUSE, true, LIVE, NUCLEAR_ONLY)).allowed())
                .isTrue();
    }

    @Test
    void crossProvinceNeedsBothProvincesLive() {
        InsuredPerson a = employee("a", "320500");
        InsuredPerson b = employee("b", "510100");
        assertThat(EstablishmentRules.check(candidate(a, b, Kinship.CHILD, true, LIVE, RolloutPolicy.DEFAULT))
                .refusal()).isEqualTo(Refusal.CROSS_PROVINCE_NOT_LIVE);
        assertThat(EstablishmentRules.check(candidate(a, b, Kinship.CHILD, true, RolloutPolicy.DEFAULT, LIVE))
                .refusal()).isEqualTo(Refusal.CROSS_PROVINCE_NOT_LIVE);
        // Within one province the cross-province step does not matter.
        assertThat(EstablishmentRules.check(candidate(a, employee("b", "320100"), Kinship.CHILD, true,
                RolloutPolicy.DEFAULT, RolloutPolicy.DEFAULT)).allowed()).isTrue();
    }

    @Test
    void anAreaStillOnTheSameAreaStepRefusesEveryOtherArea() {
        InsuredPerson a = employee("a", "320500");
        assertThat(EstablishmentRules.check(candidate(a, employee("b", "320100"), Kinship.CHILD, true, LIVE,
                SAME_AREA_ONLY)).refusal()).isEqualTo(Refusal.INTRA_PROVINCE_NOT_LIVE);
        assertThat(EstablishmentRules.check(candidate(a, employee("b", "320100"), Kinship.CHILD, true,
                SAME_AREA_ONLY, LIVE)).refusal()).isEqualTo(Refusal.INTRA_PROVINCE_NOT_LIVE);
        assertThat(EstablishmentRules.check(candidate(a, employee("b", "510100"), Kinship.CHILD, true,
                SAME_AREA_ONLY, LIVE)).refusal()).isEqualTo(Refusal.CROSS_PROVINCE_NOT_LIVE);
        var same = EstablishmentRules.check(candidate(a, employee("b", "320500"), Kinship.CHILD, true,
                SAME_AREA_ONLY, SAME_AREA_ONLY));
        assertThat(same.allowed()).isTrue();
        assertThat(same.scope()).isEqualTo(AidScope.SAME_AREA);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEvaluationListsTheRulesCheckedUpToTheFirstRefusalWithTheirFacts() {
        Instant since = Instant.parse("2024-07-01T00:00:00Z");
        Candidate c = new Candidate("a", employee("a", "320500"), "b", employee("b", "320100"), Kinship.SIBLING, true,
                new RolloutInForce("320500", NUCLEAR_ONLY, RolloutInForce.Source.AREA, since),
                RolloutInForce.defaultFor("320100"));
        var evaluation = EstablishmentRules.evaluate(c);
        assertThat(evaluation.verdict().refusal()).isEqualTo(Refusal.KINSHIP_OUT_OF_SCOPE);
        assertThat(evaluation.checks()).extracting(EstablishmentRules.Check::rule).containsExactly("DISTINCT_PERSONS",
                "BENEFACTOR_EMPLOYEE_INSURED", "BENEFICIARY_INSURED", "KINSHIP_VERIFIED", "KINSHIP_IN_SCOPE");
        assertThat(evaluation.checks()).extracting(EstablishmentRules.Check::passed)
                .containsExactly(true, true, true, true, false);
        assertThat(evaluation.checks().get(4).facts()).containsEntry("kinship", "SIBLING");
        assertThat((Map<String, Object>) evaluation.checks().get(4).facts().get("benefactorArea"))
                .containsEntry("poolingArea", "320500").containsEntry("province", "320000")
                .containsEntry("kinshipScope", "NUCLEAR").containsEntry("geographicScope", "CROSS_PROVINCE")
                .containsEntry("source", "AREA").containsEntry("since", since);
        assertThat((Map<String, Object>) evaluation.checks().get(4).facts().get("beneficiaryArea"))
                .containsEntry("poolingArea", "320100").containsEntry("geographicScope", "INTRA_PROVINCE")
                .containsEntry("kinshipScope", "CLOSE_RELATIVES").containsEntry("source", "DEFAULT")
                .containsEntry("since", null);
        assertThat(evaluation.checks().get(2).facts()).containsEntry("scheme", "EMPLOYEE")
                .containsEntry("poolingArea", "320100");
    }

    @Test
    void anAllowedEvaluationChecksEveryRuleAndAgreesWithCheck() {
        Candidate c = candidate(employee("a", "320500"), employee("b", "510100"), Kinship.SPOUSE, true, LIVE, LIVE);
        var evaluation = EstablishmentRules.evaluate(c);
        assertThat(evaluation.checks()).hasSize(6).allMatch(EstablishmentRules.Check::passed);
        assertThat(evaluation.verdict()).isEqualTo(EstablishmentRules.check(c));
        assertThat(evaluation.checks().get(1).facts()).containsEntry("known", true);
        assertThat(EstablishmentRules.evaluate(candidate(null, employee("b", "320500"), Kinship.CHILD, true, LIVE,
                LIVE)).checks().get(1).facts()).isEqualTo(Map.of("known", false));
    }
}
