package cn.mutualaid.kernel;

import java.util.regex.Pattern;

/**
 * A pooling area (统筹区): the unit that runs insurance, keyed by its 6-digit GB/T 2260 code; the first two digits
 * are its province. Whether the code names a real area is the registry's question (its regions table); this type
 * only guarantees the shape, so that two codes can be compared without re-checking them.
 */
public record PoolingArea(String code) {
    private static final Pattern SHAPE = Pattern.compile("[1-9][0-9]{5}");

    public PoolingArea {
        if (code == null || !SHAPE.matcher(code).matches()) {
            throw new IllegalArgumentException("a pooling area is a 6-digit GB/T 2260 code");
        }
    }

    public static PoolingArea of(String code) {
        return new PoolingArea(code);
    }

    /** True when {@code code} has the shape of an area code (6 digits, no leading zero). */
    public static boolean isCode(String code) {
        return code != null && SHAPE.matcher(code).matches();
    }

    public Province province() {
        return new Province(code.substring(0, 2) + "0000");
    }

    public boolean sameProvinceAs(PoolingArea other) {
        return province().equals(other.province());
    }

    @Override
    public String toString() {
        return code;
    }
}
