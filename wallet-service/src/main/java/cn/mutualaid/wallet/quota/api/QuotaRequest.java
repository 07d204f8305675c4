package cn.mutualaid.wallet.quota.api;

import cn.mutualaid.platform.validation.Fen;
import jakarta.validation.constraints.NotNull;

/** The new total granted for a relationship (0 unfreezes everything not used or held). */
public record QuotaRequest(@NotNull @Fen(min = 0) Long amountFen) {
}
