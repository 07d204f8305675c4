package cn.mutualaid.kernel;

import java.util.regex.Pattern;

/** A province-level area (省级), keyed by its GB/T 2260 code: two digits then "0000" (320000 Jiangsu). */
public record Province(String code) {
    private static final Pattern SHAPE = Pattern.compile("[1-9][0-9]0000");

    public Province {
        if (code == null || !SHAPE.matcher(code).matches()) {
            throw new IllegalArgumentException("a province is a GB/T 2260 code of the form xx0000");
        }
    }

    public static Province of(String code) {
        return new Province(code);
    }

    /** True when {@code code} has the shape of a province code (xx0000). */
    public static boolean isCode(String code) {
        return code != null && SHAPE.matcher(code).matches();
    }

    /** The province of any 6-digit area code (a pooling area's or the province's own). */
    public static Province of(PoolingArea area) {
        return area.province();
    }

    public boolean contains(PoolingArea area) {
        return area.code().startsWith(code.substring(0, 2));
    }

    @Override
    public String toString() {
        return code;
    }
}
