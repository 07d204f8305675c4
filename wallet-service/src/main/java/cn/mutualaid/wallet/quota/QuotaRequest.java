package cn.mutualaid.wallet.quota;

import static cn.mutualaid.wallet.WalletProperties.MAX_FEN;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** The new total granted for a relationship (0 unfreezes everything not used or held). */
public record QuotaRequest(@NotNull @PositiveOrZero @Max(MAX_FEN) Long amountFen) {
}
