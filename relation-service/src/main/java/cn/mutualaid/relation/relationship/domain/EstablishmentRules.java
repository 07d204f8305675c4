package cn.mutualaid.relation.relationship.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutInForce;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may aid whom (DOMAIN rules 1, 2 and 9), as a plain function of what the projections know at the instant of
 * the request. Checked when a
 * relationship is proposed or created by an agency, and again when the beneficiary consents.
 */
public final class EstablishmentRules {

    /** Each refusal has its own stable code (docs/api.md); all are 422. */
    public enum Refusal {
        SELF_RELATION("a person cannot aid themselves"),
        NOT_EMPLOYEE_INSURED("the benefactor has no active employee insurance"),
        BENEFICIARY_NOT_INSURED("the beneficiary has no active basic insurance"),
        KINSHIP_NOT_VERIFIED("this kinship between the two persons is not verified"),
        KINSHIP_OUT_OF_SCOPE("the rollout of a party's pooling area does not allow mutual aid with this kinship yet"),
        INTRA_PROVINCE_NOT_LIVE("mutual aid between pooling areas of the province is not live in both areas"),
        CROSS_PROVINCE_NOT_LIVE("cross-province mutual aid is not live in both pooling areas");

        private final String detail;

        Refusal(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    /**
     * What the rules look at. {@code benefactor} / {@code beneficiary} are null when the registry never told us about
     * the person; the rollouts are those in force at the instant of the request in each person's pooling area (the
     * default when the person is unknown).
     */
    public record Candidate(
            String benefactorId,
            InsuredPerson benefactor,
            String beneficiaryId,
            InsuredPerson beneficiary,
            Kinship kinship,
            boolean kinshipVerified,
            RolloutInForce benefactorRollout,
            RolloutInForce beneficiaryRollout) {
    }

    /** Either a refusal or the scope the relationship gets. */
    public record Verdict(Refusal refusal, AidScope scope) {
        static Verdict refuse(Refusal refusal) {
            return new Verdict(refusal, null);
        }

        public boolean allowed() {
            return refusal == null;
        }
    }

    /** One rule as it was checked: its name, whether it passed, and the facts it looked at. */
    public record Check(String rule, boolean passed, Map<String, Object> facts) {
    }

    /** The rules checked, in order, up to the first that failed, and the verdict they give. */
    public record Evaluation(List<Check> checks, Verdict verdict) {
    }

    private EstablishmentRules() {
    }

    public static Verdict check(Candidate c) {
        return evaluate(c).verdict();
    }

    /**
     * The one evaluation both the real call and its explanation use, so the two cannot disagree. It stops at the
     * first refusal because later rules would read facts the earlier ones found missing (an unknown person's area).
     */
    public static Evaluation evaluate(Candidate c) {
        List<Check> checks = new ArrayList<>();
        if (!passes(checks, "DISTINCT_PERSONS", !c.benefactorId().equals(c.beneficiaryId()),
                facts("benefactorId", c.benefactorId(), "beneficiaryId", c.beneficiaryId()))) {
            return refused(checks, Refusal.SELF_RELATION);
        }
        if (!passes(checks, "BENEFACTOR_EMPLOYEE_INSURED",
                c.benefactor() != null && c.benefactor().isActiveEmployee(), enrollment(c.benefactor()))) {
            return refused(checks, Refusal.NOT_EMPLOYEE_INSURED);
        }
        if (!passes(checks, "BENEFICIARY_INSURED", c.beneficiary() != null && c.beneficiary().isActive(),
                enrollment(c.beneficiary()))) {
            return refused(checks, Refusal.BENEFICIARY_NOT_INSURED);
        }
        if (!passes(checks, "KINSHIP_VERIFIED", c.kinshipVerified(),
                facts("kinship", c.kinship().name(), "verified", c.kinshipVerified()))) {
            return refused(checks, Refusal.KINSHIP_NOT_VERIFIED);
        }
        // Each area serves only the relatives its rollout has reached, on either side of the relationship.
        RolloutPolicy benefactorPolicy = c.benefactorRollout().policy();
        RolloutPolicy beneficiaryPolicy = c.beneficiaryRollout().policy();
        if (!passes(checks, "KINSHIP_IN_SCOPE",
                benefactorPolicy.allows(c.kinship()) && beneficiaryPolicy.allows(c.kinship()),
                facts("kinship", c.kinship().name(), "benefactorArea", rollout(c.benefactor(), c.benefactorRollout()),
                        "beneficiaryArea", rollout(c.beneficiary(), c.beneficiaryRollout())))) {
            return refused(checks, Refusal.KINSHIP_OUT_OF_SCOPE);
        }
        AidScope scope = AidScope.between(c.benefactor().poolingArea(), c.beneficiary().poolingArea());
        // Both sides pay or settle the spending, so the scope must be live in both areas (DOMAIN rule 9).
        if (!passes(checks, "SCOPE_LIVE", benefactorPolicy.allows(scope) && beneficiaryPolicy.allows(scope),
                facts("scope", scope.name(), "benefactorArea", rollout(c.benefactor(), c.benefactorRollout()),
                        "beneficiaryArea", rollout(c.beneficiary(), c.beneficiaryRollout())))) {
            return refused(checks, scope == AidScope.CROSS_PROVINCE ? Refusal.CROSS_PROVINCE_NOT_LIVE
                    : Refusal.INTRA_PROVINCE_NOT_LIVE);
        }
        return new Evaluation(List.copyOf(checks), new Verdict(null, scope));
    }

    private static boolean passes(List<Check> checks, String rule, boolean passed, Map<String, Object> facts) {
        checks.add(new Check(rule, passed, facts));
        return passed;
    }

    private static Evaluation refused(List<Check> checks, Refusal refusal) {
        return new Evaluation(List.copyOf(checks), Verdict.refuse(refusal));
    }

    private static Map<String, Object> enrollment(InsuredPerson p) {
        return p == null ? facts("known", false)
                : facts("personId", p.personId(), "known", true, "status", p.status().name(),
                        "scheme", p.scheme().name(), "poolingArea", p.poolingArea(), "province", p.province());
    }

    /** The rollout step of a party's area, where it comes from (AREA, PROVINCE, DEFAULT) and since when. */
    private static Map<String, Object> rollout(InsuredPerson p, RolloutInForce r) {
        return facts("poolingArea", p.poolingArea(), "province", p.province(),
                "geographicScope", r.policy().geographicScope().name(), "kinshipScope", r.policy().kinshipScope().name(),
                "source", r.source().name(), "since", r.since());
    }

    /** Facts in the order given; a null value (the default rollout has no "since") is kept, not dropped. */
    private static Map<String, Object> facts(Object... keysAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            facts.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(facts);
    }
}
