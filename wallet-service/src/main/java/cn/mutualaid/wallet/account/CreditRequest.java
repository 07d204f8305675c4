package cn.mutualaid.wallet.account;

import static cn.mutualaid.wallet.WalletProperties.MAX_FEN;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An agency's credit into a personal account; the reference is unique per account. {@code kind} is ALLOCATION (the
 * monthly 划入, the default) or CORRECTION (a manual correction).
 */
public record CreditRequest(@NotNull @Positive @Max(MAX_FEN) Long amountFen, @NotBlank @Size(max = 100) String reference,
        CreditKind kind) {

    public CreditKind kindOrDefault() {
        return kind == null ? CreditKind.ALLOCATION : kind;
    }
}
