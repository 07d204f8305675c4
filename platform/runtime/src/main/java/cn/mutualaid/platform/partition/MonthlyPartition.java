package cn.mutualaid.platform.partition;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One month's partition of a table partitioned by range on a month: its name ({@code <table>_yyyymm}) and its bounds,
 * from the first instant (or yyyymm) of the month, included, to the first of the next, excluded. Months are those of
 * one zone (China time for the mesh): a payment at 23:30 on 31 January, China time, is January's whatever UTC says.
 */
public record MonthlyPartition(String table, YearMonth month) {
    private static final DateTimeFormatter YYYYMM = DateTimeFormatter.ofPattern("yyyyMM");

    /** How a table's partition key spells a month. */
    public enum KeyKind {
        /** text {@code yyyymm} (settlement's event month) */
        YYYYMM,
        /** timestamptz: the month's first instant in the zone */
        TIMESTAMP,
        /**
         * uuid of version 7 (kernel TimeOrderedUuid): its first 48 bits are the Unix millisecond it was made, so the
         * smallest id of the month's first millisecond bounds the month. A table keyed by such an id keeps its
         * primary key as it is (the key is the partition key); only for tables whose every id is version 7.
         */
        UUIDV7
    }

    public MonthlyPartition {
        PartitionProperties.Table.requireIdentifier(table);
    }

    /** This month and the {@code ahead} months after it, in the zone: what must exist now. */
    public static List<YearMonth> due(Instant now, ZoneId zone, int ahead) {
        if (ahead < 0) {
            throw new IllegalArgumentException("months ahead must not be negative: " + ahead);
        }
        YearMonth current = YearMonth.from(now.atZone(zone));
        return IntStream.rangeClosed(0, ahead).mapToObj(current::plusMonths).toList();
    }

    public String name() {
        return table + "_" + month.format(YYYYMM);
    }

    /** The lower bound, included, as a SQL literal of the key's type. */
    public String from(KeyKind kind, ZoneId zone) {
        return literal(month, kind, zone);
    }

    /** The upper bound, excluded: the next month's lower bound. */
    public String to(KeyKind kind, ZoneId zone) {
        return literal(month.plusMonths(1), kind, zone);
    }

    /** The DDL that creates it (nothing when it exists already). */
    public String createSql(KeyKind kind, ZoneId zone) {
        return "create table if not exists " + name() + " partition of " + table
                + " for values from (" + from(kind, zone) + ") to (" + to(kind, zone) + ")";
    }

    private static String literal(YearMonth month, KeyKind kind, ZoneId zone) {
        return switch (kind) {
            case YYYYMM -> "'" + month.format(YYYYMM) + "'";
            case TIMESTAMP -> "'" + month.atDay(1).atStartOfDay(zone).toOffsetDateTime() + "'::timestamptz";
            case UUIDV7 -> {
                long millis = month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
                yield String.format("'%08x-%04x-0000-0000-000000000000'::uuid", millis >>> 16, millis & 0xffff);
            }
        };
    }
}
