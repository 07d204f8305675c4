package cn.mutualaid.contracts;

/** Geographic reach of a relationship or payment, from the two pooling areas (统筹区). */
public enum AidScope {
    SAME_AREA, INTRA_PROVINCE, CROSS_PROVINCE;

    /** Pooling areas are 6-digit GB/T 2260 codes; the first two digits are the province. */
    public static AidScope between(String poolingAreaA, String poolingAreaB) {
        if (poolingAreaA.equals(poolingAreaB)) {
            return SAME_AREA;
        }
        return provinceOf(poolingAreaA).equals(provinceOf(poolingAreaB)) ? INTRA_PROVINCE : CROSS_PROVINCE;
    }

    /** The province-level code ("320000") of a pooling area ("320500"). */
    public static String provinceOf(String poolingArea) {
        if (poolingArea == null || poolingArea.length() != 6) {
            throw new IllegalArgumentException("pooling area must be a 6-digit code");
        }
        return poolingArea.substring(0, 2) + "0000";
    }
}
