package cn.mutualaid.wallet.payment.api;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A provider's payment: the patient's code, the patient, the amount, what for; capture=true authorizes and captures.
 * A code is base64url (PaymentCodes); anything else cannot be one.
 */
public record PaymentRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,100}") String paymentCode,
        @NotNull @OpaqueId String patientId,
        @NotNull @Fen Long amountFen,
        @NotNull PaymentCategory category,
        boolean capture) {

    PaymentOrder toOrder() {
        return new PaymentOrder(paymentCode, patientId, amountFen, category, capture);
    }
}
