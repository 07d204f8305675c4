package cn.mutualaid.registry.region.domain;

import cn.mutualaid.kernel.Rejection;

/** A GB/T 2260 division: a province-level area, or a prefecture-level pooling area (统筹区) inside one. */
public record Region(String code, String name, Level level, String province) {

    public enum Level {
        PROVINCE, PREFECTURE
    }

    /** 422 UNKNOWN_POOLING_AREA: the code names no prefecture-level pooling area of the regions table. */
    public static Rejection unknownPoolingArea(String code) {
        return Rejection.refused("UNKNOWN_POOLING_AREA", "no prefecture-level pooling area has the code " + code);
    }

    public boolean isProvince() {
        return level == Level.PROVINCE;
    }
}
