package cn.mutualaid.wallet.account.api;

import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.wallet.account.domain.CreditKind;
import cn.mutualaid.wallet.account.domain.CreditOrder;
import jakarta.validation.constraints.NotNull;

/**
 * An agency's credit into a personal account; the reference is unique per account. {@code kind} is ALLOCATION (the
 * monthly 划入, the default) or CORRECTION (a manual correction).
 */
public record CreditRequest(@NotNull @Fen Long amountFen, @NotNull @HumanText(max = 100) String reference,
        CreditKind kind) {

    CreditOrder toOrder() {
        return new CreditOrder(amountFen, reference, kind == null ? CreditKind.ALLOCATION : kind);
    }
}
