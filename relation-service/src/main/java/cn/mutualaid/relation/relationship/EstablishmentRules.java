package cn.mutualaid.relation.relationship;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.relation.projection.InsuredPerson;
import cn.mutualaid.relation.projection.RolloutPolicy;

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
     * the person; the policies are those in force now in each person's province (null when the person is unknown).
     */
    public record Candidate(
            String benefactorId,
            InsuredPerson benefactor,
            String beneficiaryId,
            InsuredPerson beneficiary,
            Kinship kinship,
            boolean kinshipVerified,
            RolloutPolicy benefactorPolicy,
            RolloutPolicy beneficiaryPolicy) {
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

    private EstablishmentRules() {
    }

    public static Verdict check(Candidate c) {
        if (c.benefactorId().equals(c.beneficiaryId())) {
            return Verdict.refuse(Refusal.SELF_RELATION);
        }
        if (c.benefactor() == null || !c.benefactor().isActiveEmployee()) {
            return Verdict.refuse(Refusal.NOT_EMPLOYEE_INSURED);
        }
        if (c.beneficiary() == null || !c.beneficiary().isActive()) {
            return Verdict.refuse(Refusal.BENEFICIARY_NOT_INSURED);
        }
        if (!c.kinshipVerified()) {
            return Verdict.refuse(Refusal.KINSHIP_NOT_VERIFIED);
        }
        // The fund is the benefactor's, so the benefactor's province decides which relatives it may serve.
        if (!c.benefactorPolicy().kinshipScope().allows(c.kinship())) {
            return Verdict.refuse(Refusal.KINSHIP_OUT_OF_SCOPE);
        }
        AidScope scope = AidScope.between(c.benefactor().poolingArea(), c.beneficiary().poolingArea());
        // Across provinces both sides settle the spending, so both must be live (DOMAIN rule 9).
        if (scope == AidScope.CROSS_PROVINCE
                && !(c.benefactorPolicy().crossProvince() && c.beneficiaryPolicy().crossProvince())) {
            return Verdict.refuse(Refusal.CROSS_PROVINCE_NOT_LIVE);
        }
        return new Verdict(null, scope);
    }
}
