package cn.mutualaid.settlement.stats.domain;

import cn.mutualaid.kernel.Province;
import java.util.Optional;

/**
 * What statistics cover: a range of days, and either the whole country ({@code province} null) or one province's
 * uses as seen from one {@link Side}.
 */
public record StatsQuery(StatsRange range, Province province, Side side) {

    public static StatsQuery national(StatsRange range) {
        return new StatsQuery(range, null, null);
    }

    public static StatsQuery of(StatsRange range, Province province, Side side) {
        return new StatsQuery(range, province, side);
    }

    public Optional<Province> provinceFilter() {
        return Optional.ofNullable(province);
    }
}
