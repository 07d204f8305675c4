package cn.mutualaid.wallet.payment;

import static cn.mutualaid.wallet.WalletProperties.MAX_FEN;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

public record RefundRequest(@NotNull @Positive @Max(MAX_FEN) Long amountFen) {
}
