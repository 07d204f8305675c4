package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.PaymentCategory;
import jakarta.validation.constraints.NotBlank;
import static cn.mutualaid.wallet.WalletProperties.MAX_FEN;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** A provider's payment: the patient's code, the patient, the amount, what for; capture=true authorizes and captures. */
public record PaymentRequest(
        @NotBlank @Size(max = 100) String paymentCode,
        @NotBlank @Size(max = 100) String patientId,
        @NotNull @Positive @Max(MAX_FEN) Long amountFen,
        @NotNull PaymentCategory category,
        boolean capture) {
}
