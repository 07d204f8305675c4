package cn.mutualaid.settlement.stats.domain;

import cn.mutualaid.kernel.Rejection;
import java.time.LocalDate;

/** A range of days (China time), both included, that statistics may cover. */
public record StatsRange(LocalDate from, LocalDate to) {
    /** About three years: the longest range one request may scan. */
    public static final int MAX_DAYS = 3 * 366;

    /** 422 INVALID_RANGE when {@code to} is before {@code from} or the range is longer than {@link #MAX_DAYS}. */
    public static StatsRange of(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw Rejection.refused("INVALID_RANGE", "'to' must not be before 'from'");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw Rejection.refused("INVALID_RANGE", "a range covers at most " + MAX_DAYS + " days");
        }
        return new StatsRange(from, to);
    }
}
