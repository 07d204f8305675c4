package cn.mutualaid.wallet.payment.api;

import cn.mutualaid.wallet.payment.domain.PaymentEvaluation;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** POST /payments/explain's answer; {@code code} appears only when the payment would be refused. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PaymentExplanationView(
        @Schema(description = "Whether POST /payments with this body would succeed now") boolean allowed,
        @Schema(description = "The problem code POST /payments would answer; absent when allowed",
                example = "QUOTA_INSUFFICIENT", allowableValues = {"PROVIDER_NOT_DESIGNATED", "CATEGORY_NOT_ALLOWED",
                        "CONTRIBUTION_YEAR_REQUIRED", "CONTRIBUTION_YEAR_NOT_APPLICABLE", "PAYMENT_CODE_INVALID",
                        "PATIENT_NOT_CODE_OWNER", "PAYMENT_DEVICE_REVOKED", "PAYMENT_CODE_USED", "PAYMENT_CODE_EXPIRED",
                        "CONTRIBUTION_YEAR_UNKNOWN", "CONTRIBUTION_AMOUNT_MISMATCH", "CONTRIBUTION_ALREADY_PAID",
                        "QUOTA_INSUFFICIENT"}) String code,
        @Schema(description = "Which quotas would pay how much, oldest grant first; empty when refused")
        List<Line> lines,
        @Schema(description = "The rules checked, in order, up to the first that refuses") List<Check> checks) {

    record Line(String quotaId, String benefactorId, long amountFen) {
    }

    /** A fact may be null (a contribution year without a standard); it is shown as null, not left out. */
    record Check(
            @Schema(description = "The rule", example = "PAYMENT_CODE") String rule,
            boolean passed,
            @Schema(description = "The facts the rule looked at; a failed rule adds its code and reason")
            @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> facts) {
    }

    static PaymentExplanationView of(PaymentEvaluation e) {
        return new PaymentExplanationView(e.allowed(), e.allowed() ? null : e.refusal().code(),
                e.parts().stream().map(p -> new Line(p.source().quotaId(), p.source().benefactorId(), p.amountFen()))
                        .toList(),
                e.checks().stream().map(c -> new Check(c.rule(), c.passed(), c.facts())).toList());
    }
}
