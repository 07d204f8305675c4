package cn.mutualaid.settlement;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Small readers for R2DBC rows: money and counts come back as bigint (sums are cast in SQL) or as exact numeric; a
 * value that does not fit a long fails loudly instead of wrapping.
 */
public final class Rows {
    private Rows() {
    }

    public static long longOf(Readable row, String column) {
        Number value = row.get(column, Number.class);
        if (value instanceof java.math.BigDecimal exact) {
            return exact.longValueExact();
        }
        if (value instanceof java.math.BigInteger exact) {
            return exact.longValueExact();
        }
        return value == null ? 0L : value.longValue();
    }

    public static String text(Readable row, String column) {
        return row.get(column, String.class);
    }

    public static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
