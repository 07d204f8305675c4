package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.kernel.Rejection;

/**
 * What a quota may pay for (docs/domain.md rule 7) and where the money counts as spent.
 * <ul>
 *   <li>MEDICAL_INSTITUTION: only at a designated medical institution; spent in the provider's pooling area.</li>
 *   <li>RETAIL_PHARMACY: only at a designated retail pharmacy, which may take nothing else.</li>
 *   <li>RESIDENT_CONTRIBUTION: the patient must be ACTIVE and RESIDENT-insured; LTC_CONTRIBUTION: any ACTIVE patient.
 *       Collected by a designated medical institution (a pharmacy takes only drug sales). A contribution is paid to
 *       the patient's own insurance, so it counts as spent in the patient's insured pooling area, not the provider's.</li>
 * </ul>
 * Anything else is 422 CATEGORY_NOT_ALLOWED.
 */
public final class CategoryRule {
    private CategoryRule() {
    }

    /** The patient's insurance as the wallet knows it from registry events; null when never seen. */
    public record Insurance(Scheme scheme, String poolingArea, boolean active) {
    }

    /** @return the spend pooling area of the payment, or throws CATEGORY_NOT_ALLOWED */
    public static String spendArea(ProviderType provider, String providerArea, PaymentCategory category, Insurance patient) {
        if (provider == ProviderType.RETAIL_PHARMACY) {
            if (category == PaymentCategory.RETAIL_PHARMACY) {
                return providerArea;
            }
            throw refused("a retail pharmacy may only take RETAIL_PHARMACY payments");
        }
        switch (category) {
            case MEDICAL_INSTITUTION:
                return providerArea;
            case RESIDENT_CONTRIBUTION:
                if (patient != null && patient.active() && patient.scheme() == Scheme.RESIDENT) {
                    return patient.poolingArea();
                }
                throw refused("a resident-insurance contribution needs an active RESIDENT-insured patient");
            case LTC_CONTRIBUTION:
                if (patient != null && patient.active()) {
                    return patient.poolingArea();
                }
                throw refused("a long-term-care contribution needs an actively insured patient");
            default:
                throw refused("a medical institution cannot take " + category + " payments");
        }
    }

    private static Rejection refused(String detail) {
        return Rejection.refused("CATEGORY_NOT_ALLOWED", detail);
    }
}
