package cn.mutualaid.platform.store;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Readers for R2DBC rows, shared by every service's stores: money and counts come back as bigint (sums are cast in
 * SQL) or as exact numeric, and a value that does not fit a long fails loudly instead of wrapping; timestamptz
 * columns are read and written as UTC instants.
 */
public final class Rows {
    private Rows() {
    }

    public static long longOf(Readable row, String column) {
        Number value = row.get(column, Number.class);
        if (value instanceof BigDecimal exact) {
            return exact.longValueExact();
        }
        if (value instanceof BigInteger exact) {
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

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
