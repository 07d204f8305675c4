package cn.mutualaid.contracts;

import cn.mutualaid.kernel.PoolingArea;

/** Geographic reach of a relationship or payment, from the two pooling areas (统筹区). */
public enum AidScope {
    SAME_AREA, INTRA_PROVINCE, CROSS_PROVINCE;

    /** Pooling areas are 6-digit GB/T 2260 codes; the first two digits are the province. */
    public static AidScope between(PoolingArea a, PoolingArea b) {
        if (a.equals(b)) {
            return SAME_AREA;
        }
        return a.sameProvinceAs(b) ? INTRA_PROVINCE : CROSS_PROVINCE;
    }

    public static AidScope between(String poolingAreaA, String poolingAreaB) {
        return between(PoolingArea.of(poolingAreaA), PoolingArea.of(poolingAreaB));
    }

    /** The province-level code ("320000") of a pooling area ("320500"). */
    public static String provinceOf(String poolingArea) {
        return PoolingArea.of(poolingArea).province().code();
    }
}
