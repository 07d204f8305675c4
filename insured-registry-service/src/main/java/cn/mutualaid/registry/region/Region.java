package cn.mutualaid.registry.region;

/** A GB/T 2260 division: a province-level area, or a prefecture-level pooling area (统筹区) inside one. */
public record Region(String code, String name, Level level, String province) {

    public enum Level {
        PROVINCE, PREFECTURE
    }

    public boolean isProvince() {
        return level == Level.PROVINCE;
    }
}
