package cn.mutualaid.wallet.account;

import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.HumanText;
import jakarta.validation.constraints.NotNull;

/** An agency's allocation into a personal account; the reference is unique per account. */
public record CreditRequest(@NotNull @Fen Long amountFen, @NotNull @HumanText(max = 100) String reference) {
}
