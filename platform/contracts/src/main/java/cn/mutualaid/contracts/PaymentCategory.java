package cn.mutualaid.contracts;

/** The four things a mutual-aid quota may pay for (docs/domain.md rule 7), and nothing else. */
public enum PaymentCategory {
    MEDICAL_INSTITUTION, RETAIL_PHARMACY, RESIDENT_CONTRIBUTION, LTC_CONTRIBUTION
}
