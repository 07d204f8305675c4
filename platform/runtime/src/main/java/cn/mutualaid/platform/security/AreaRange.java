package cn.mutualaid.platform.security;

import cn.mutualaid.kernel.Jurisdiction;
import java.util.Optional;

/**
 * The pooling-area codes an agency administers, as a range for SQL ({@code area between low and high}): its own
 * area, or for a province agency (xx0000) every code of its province, xx0000 to xx9999. The same rule as
 * {@link Caller#administers}, for queries that filter many rows at once.
 */
public record AreaRange(String low, String high) {

    /** The caller's range if it is an AGENCY with a well-formed area; empty otherwise. */
    public static Optional<AreaRange> of(Caller caller) {
        if (!caller.has(Role.AGENCY)) {
            return Optional.empty();
        }
        return Jurisdiction.of(caller.area()).map(j -> new AreaRange(j.lowest(), j.highest()));
    }
}
