package cn.mutualaid.wallet.payment.api;

import cn.mutualaid.platform.validation.Fen;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

public record RefundRequest(
        @Schema(description = "Amount to refund, in fen: at most what was captured less what was refunded",
                example = "3000")
        @NotNull @Fen Long amountFen) {
}
