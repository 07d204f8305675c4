package cn.mutualaid.contracts;

/** Designated institutions (定点医疗机构 / 定点零售药店). */
public enum ProviderType {
    MEDICAL_INSTITUTION, RETAIL_PHARMACY
}
