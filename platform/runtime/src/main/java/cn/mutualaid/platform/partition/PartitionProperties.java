package cn.mutualaid.platform.partition;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param monthsAhead how many months after the current one must already have their partition; a partition created a
 *                    month or more before its first row means no DDL ever runs on the hot path
 * @param interval    how often the job checks (it does nothing when every partition exists)
 * @param zone        whose months (the mesh's periods are China time)
 * @param lockTimeout how long the DDL may wait for its table lock: creating a partition locks the parent, and a DDL
 *                    queued behind a long reader would hold every insert back, so it gives up and tries next pass
 * @param tables      the tables partitioned by month, each with a default partition named {@code <table>_default}
 */
@ConfigurationProperties("mesh.partitions")
public record PartitionProperties(
        @DefaultValue("3") int monthsAhead,
        @DefaultValue("6h") Duration interval,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("5s") Duration lockTimeout,
        @DefaultValue List<Table> tables) {

    public PartitionProperties {
        if (monthsAhead < 0) {
            throw new IllegalArgumentException("mesh.partitions.months-ahead must not be negative");
        }
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /** A table partitioned by range on a month; its key column is read from the database. */
    public record Table(String name, @DefaultValue("YYYYMM") MonthlyPartition.KeyKind key) {
        // Names go into DDL as they are: plain lower-case identifiers only, short enough for "_default".
        private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,54}");

        public Table {
            requireIdentifier(name);
        }

        static String requireIdentifier(String name) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain table name: " + name);
            }
            return name;
        }

        public String defaultPartition() {
            return name + "_default";
        }
    }
}
