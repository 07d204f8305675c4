package cn.mutualaid.e2e.hostile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Row counts of every table of the mesh's databases (the services' own tables, inboxes, outboxes, audit logs). */
final class RowCounts {
    private final String url;
    private final String prefix;

    RowCounts(int port, String prefix) {
        this.url = "jdbc:postgresql://127.0.0.1:" + port + "/";
        this.prefix = prefix;
    }

    /** database.table → rows. */
    Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        for (String database : databases()) {
            try (Connection c = DriverManager.getConnection(url + database, "postgres", "");
                    var st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (var rs = st.executeQuery("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_type = 'BASE TABLE'
                        order by table_name""")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (var rs = st.executeQuery("select count(*) from \"" + table + "\"")) {
                        rs.next();
                        counts.put(database + "." + table, rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count the rows of " + database, e);
            }
        }
        return counts;
    }

    /** Waits until two snapshots a few seconds apart agree: events of earlier tests have settled. */
    Map<String, Long> settled(long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        Map<String, Long> last = snapshot();
        while (true) {
            Thread.sleep(3_000);
            Map<String, Long> now = snapshot();
            if (now.equals(last) || System.currentTimeMillis() > deadline) {
                return now;
            }
            last = now;
        }
    }

    private List<String> databases() {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url + "postgres", "postgres", "");
                var st = c.createStatement();
                var rs = st.executeQuery("select datname from pg_database where datname like '" + prefix + "%' order by 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the mesh's databases", e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no database starts with " + prefix);
        }
        return names;
    }
}
