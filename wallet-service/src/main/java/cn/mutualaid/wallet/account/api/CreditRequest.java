package cn.mutualaid.wallet.account.api;

import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.wallet.account.domain.CreditKind;
import cn.mutualaid.wallet.account.domain.CreditOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * An agency's credit into a personal account; the reference is unique per account. {@code kind} is ALLOCATION (the
 * monthly 划入, the default) or CORRECTION (a manual correction).
 */
public record CreditRequest(
        @Schema(description = "Amount to credit, in fen (1 yuan = 100 fen)", example = "25000")
        @NotNull @Fen Long amountFen,
        @Schema(description = "The agency's reference, unique per account (a repeat answers the same credit)",
                example = "2026-01")
        @NotNull @HumanText(max = 100) String reference,
        @Schema(description = "ALLOCATION (the monthly allocation, the default) or CORRECTION", example = "ALLOCATION")
        CreditKind kind) {

    CreditOrder toOrder() {
        return new CreditOrder(amountFen, reference, kind == null ? CreditKind.ALLOCATION : kind);
    }
}
