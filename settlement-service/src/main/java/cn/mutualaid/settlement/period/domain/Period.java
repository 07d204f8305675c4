package cn.mutualaid.settlement.period.domain;

import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** A clearing month, written yyyymm. Months are China time (Asia/Shanghai): that is where the money is spent. */
public record Period(YearMonth month) implements Comparable<Period> {
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Pattern YYYYMM = Pattern.compile("(\\d{4})(\\d{2})");

    /** Parses a path value; anything but a real month (202613, abc, 2024-01) is a 400 INVALID_PERIOD. */
    public static Period parse(String text) {
        var m = text == null ? null : YYYYMM.matcher(text);
        if (m == null || !m.matches()) {
            throw invalid(text);
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        if (year < 2000 || month < 1 || month > 12) {
            throw invalid(text);
        }
        return new Period(YearMonth.of(year, month));
    }

    /** The month (China time) an instant falls in. */
    public static Period of(Instant at) {
        return new Period(YearMonth.from(at.atZone(CHINA)));
    }

    public Instant start() {
        return month.atDay(1).atStartOfDay(CHINA).toInstant();
    }

    /** The first instant after the month. */
    public Instant end() {
        return next().start();
    }

    public Period next() {
        return new Period(month.plusMonths(1));
    }

    public boolean hasEnded(Instant now) {
        return !now.isBefore(end());
    }

    @Override
    public int compareTo(Period other) {
        return month.compareTo(other.month);
    }

    @Override
    public String toString() {
        return String.format("%04d%02d", month.getYear(), month.getMonthValue());
    }

    private static Rejection invalid(String text) {
        return Rejection.malformed("INVALID_PERIOD",
                "period must be a month written yyyymm (for example 202401), not '" + text + "'");
    }
}
