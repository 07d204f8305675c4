package cn.mutualaid.platform.security;

import cn.mutualaid.kernel.PoolingArea;
import cn.mutualaid.kernel.Province;
import java.util.Optional;

/**
 * The pooling-area codes an agency administers, as a range for SQL ({@code area between low and high}): its own
 * area, or for a province agency (xx0000) every code of its province, xx0000 to xx9999. The same rule as
 * {@link Caller#administers}, for queries that filter many rows at once.
 */
public record AreaRange(String low, String high) {

    /** The caller's range if it is an AGENCY with a well-formed area; empty otherwise. */
    public static Optional<AreaRange> of(Caller caller) {
        String area = caller.area();
        if (!caller.has(Role.AGENCY) || !PoolingArea.isCode(area)) {
            return Optional.empty();
        }
        return Optional.of(Province.isCode(area) ? new AreaRange(area, area.substring(0, 2) + "9999")
                : new AreaRange(area, area));
    }
}
