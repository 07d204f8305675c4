package cn.mutualaid.relation.relationship.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.relation.projection.domain.InsuredPerson;
import cn.mutualaid.relation.projection.domain.RolloutPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may aid whom (DOMAIN rules 1, 2 and 9), as a plain function of what the projections know. Checked when a
 * relationship is proposed or created by an agency, and again when the beneficiary consents.
 */
public final class EstablishmentRules {

    /** Each refusal has its own stable code (docs/api.md); all are 422. */
    public enum Refusal {
        SELF_RELATION("a person cannot aid themselves"),
        NOT_EMPLOYEE_INSURED("the benefactor has no active employee insurance"),
        BENEFICIARY_NOT_INSURED("the beneficiary has no active basic insurance"),
        KINSHIP_NOT_VERIFIED("this kinship between the two persons is not verified"),
        KINSHIP_OUT_OF_SCOPE("the benefactor's province does not allow mutual aid with this kinship yet"),
        CROSS_PROVINCE_NOT_LIVE("cross-province mutual aid is not live in both provinces");

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
     * the person; the policies are those in force now in each person's province (null when the person is unknown),
     * each with the instant it took effect ({@code null}: the default, never announced).
     */
    public record Candidate(
            String benefactorId,
            InsuredPerson benefactor,
            String beneficiaryId,
            InsuredPerson beneficiary,
            Kinship kinship,
            boolean kinshipVerified,
            RolloutPolicy benefactorPolicy,
            RolloutPolicy beneficiaryPolicy,
            Instant benefactorPolicySince,
            Instant beneficiaryPolicySince) {

        public Candidate(String benefactorId, InsuredPerson benefactor, String beneficiaryId,
                InsuredPerson beneficiary, Kinship kinship, boolean kinshipVerified, RolloutPolicy benefactorPolicy,
                RolloutPolicy beneficiaryPolicy) {
            this(benefactorId, benefactor, beneficiaryId, beneficiary, kinship, kinshipVerified, benefactorPolicy,
                    beneficiaryPolicy, null, null);
        }
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
        // The fund is the benefactor's, so the benefactor's province decides which relatives it may serve.
        if (!passes(checks, "KINSHIP_IN_SCOPE", c.benefactorPolicy().kinshipScope().allows(c.kinship()),
                facts("kinship", c.kinship().name(), "province", c.benefactor().province(),
                        "kinshipScope", c.benefactorPolicy().kinshipScope().name(),
                        "since", c.benefactorPolicySince()))) {
            return refused(checks, Refusal.KINSHIP_OUT_OF_SCOPE);
        }
        AidScope scope = AidScope.between(c.benefactor().poolingArea(), c.beneficiary().poolingArea());
        // Across provinces both sides settle the spending, so both must be live (DOMAIN rule 9).
        boolean live = scope != AidScope.CROSS_PROVINCE
                || (c.benefactorPolicy().crossProvince() && c.beneficiaryPolicy().crossProvince());
        if (!passes(checks, "CROSS_PROVINCE_LIVE", live, facts("scope", scope.name(),
                "benefactorProvince", rollout(c.benefactor(), c.benefactorPolicy(), c.benefactorPolicySince()),
                "beneficiaryProvince", rollout(c.beneficiary(), c.beneficiaryPolicy(),
                        c.beneficiaryPolicySince())))) {
            return refused(checks, Refusal.CROSS_PROVINCE_NOT_LIVE);
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

    private static Map<String, Object> rollout(InsuredPerson p, RolloutPolicy policy, Instant since) {
        return facts("province", p.province(), "crossProvince", policy.crossProvince(),
                "kinshipScope", policy.kinshipScope().name(), "since", since);
    }

    /** Facts in the order given; a null value (a default policy has no "since") is kept, not dropped. */
    private static Map<String, Object> facts(Object... keysAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            facts.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(facts);
    }
}
