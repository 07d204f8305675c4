package cn.mutualaid.wallet.payment.api;

import cn.mutualaid.platform.validation.Fen;
import jakarta.validation.constraints.NotNull;

public record RefundRequest(@NotNull @Fen Long amountFen) {
}
