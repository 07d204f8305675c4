package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.kernel.Rejection;
import java.util.Optional;

/**
 * A contribution pays one person's personal share for one year at that year's standard (docs/domain.md rule 14):
 * RESIDENT_CONTRIBUTION and LTC_CONTRIBUTION name the year, other categories must not; the amount is the standard of
 * that year in the patient's insured pooling area, nothing more or less; and a person's year is paid at most once per
 * category, unless that payment was voided or refunded in full.
 */
public final class ContributionRule {
    private ContributionRule() {
    }

    public static boolean isContribution(PaymentCategory category) {
        return category == PaymentCategory.RESIDENT_CONTRIBUTION || category == PaymentCategory.LTC_CONTRIBUTION;
    }

    /** The year is named exactly when the category is a contribution (422 otherwise). */
    public static Optional<Rejection> yearRefusal(PaymentCategory category, Integer year) {
        if (isContribution(category) && year == null) {
            return Optional.of(Rejection.refused("CONTRIBUTION_YEAR_REQUIRED",
                    "a " + category + " payment names the contributionYear it pays for"));
        }
        if (!isContribution(category) && year != null) {
            return Optional.of(Rejection.refused("CONTRIBUTION_YEAR_NOT_APPLICABLE",
                    "only a contribution names a contributionYear; " + category + " does not"));
        }
        return Optional.empty();
    }

    /** The amount must be the standard of the year; a year without a standard cannot be paid. */
    public static Optional<Rejection> amountRefusal(PaymentOrder order, String poolingArea,
            Optional<ContributionStandards.Standard> standard) {
        if (standard.isEmpty()) {
            return Optional.of(Rejection.refused("CONTRIBUTION_YEAR_UNKNOWN", "no " + order.category()
                    + " standard is known for " + order.contributionYear() + " in pooling area " + poolingArea));
        }
        long due = standard.get().amountFen();
        if (order.amountFen() != due) {
            return Optional.of(Rejection.refused("CONTRIBUTION_AMOUNT_MISMATCH", "the " + order.category() + " of "
                    + order.contributionYear() + " in pooling area " + poolingArea + " is " + due + " fen, not "
                    + order.amountFen()));
        }
        return Optional.empty();
    }

    /** A person-year already paid (by a payment neither voided nor refunded in full) is not paid again: 409. */
    public static Optional<Rejection> onceRefusal(PaymentOrder order, boolean alreadyPaid) {
        return alreadyPaid ? Optional.of(alreadyPaid(order)) : Optional.empty();
    }

    public static Rejection alreadyPaid(PaymentOrder order) {
        return Rejection.conflict("CONTRIBUTION_ALREADY_PAID", "the patient's " + order.category() + " for "
                + order.contributionYear() + " is already paid (or held); refund or void that payment first");
    }
}
