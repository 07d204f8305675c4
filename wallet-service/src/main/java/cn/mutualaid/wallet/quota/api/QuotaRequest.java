package cn.mutualaid.wallet.quota.api;

import cn.mutualaid.platform.validation.Fen;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** The new total granted for a relationship (0 unfreezes everything not used or held). */
public record QuotaRequest(
        @Schema(description = "The new total granted, in fen (0 unfreezes everything not used or held)",
                example = "50000")
        @NotNull @Fen(min = 0) Long amountFen) {
}
