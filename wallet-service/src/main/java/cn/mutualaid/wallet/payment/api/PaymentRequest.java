package cn.mutualaid.wallet.payment.api;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A provider's payment: the patient's code, the patient, the amount, what for (a contribution: for which year);
 * capture=true authorizes and captures.
 * A code is base64url (PaymentCodes) or 20 digits (an offline code, OfflineCode); anything else cannot be one.
 */
public record PaymentRequest(
        @Schema(description = "The code read from the patient's QR code: an online code (base64url) or one the"
                + " patient's enrolled device made offline (20 digits: device id, then its time-based code)",
                example = "q3Z9kR2xW7vT0bYcL5nP8sHfJ1uD4gAeM6iOzXyVtNo")
        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,100}") String paymentCode,
        @Schema(description = "The patient's person id, as the registry gave it",
                example = "0190a6c2-7b1e-7c3d-9f00-5a1b2c3d4e5f")
        @NotNull @OpaqueId String patientId,
        @Schema(description = "Amount to pay, in fen (1 yuan = 100 fen)", example = "12800")
        @NotNull @Fen Long amountFen,
        @Schema(description = "What the money pays for; a retail pharmacy takes only RETAIL_PHARMACY",
                example = "MEDICAL_INSTITUTION")
        @NotNull PaymentCategory category,
        @Schema(description = "The year a RESIDENT_CONTRIBUTION or LTC_CONTRIBUTION pays for (required for those two,"
                + " refused for the others); the amount must be that year's standard", example = "2025")
        @Min(1900) @Max(9999) Integer contributionYear,
        @Schema(description = "true: authorize and capture at once; false: only hold the amount until captured",
                example = "true")
        boolean capture) {

    PaymentOrder toOrder() {
        return new PaymentOrder(paymentCode, patientId, amountFen, category, contributionYear, capture);
    }
}
