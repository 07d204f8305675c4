package cn.mutualaid.registry.region;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V6 keeps every province change made before rollout by area, in its order, as a setting of its own. */
class RolloutMigrationIT extends RegistryTestBase {

    @Test
    void provinceChangesMadeBeforeBecomeSettingsInTheirOrder() throws Exception {
        String database = TestPostgres.database("registry_rollout_migration");
        TestPostgres.Server pg = TestPostgres.server();
        flyway(pg, database, "5").migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            st.executeUpdate("""
                    insert into rollout_audit (province, changed_by, changed_at, old_cross_province, old_kinship_scope,
                        old_effective_from, new_cross_province, new_kinship_scope, new_effective_from)
                    values ('320000', 'admin-1', '2025-03-01T00:00:00Z', false, 'CLOSE_RELATIVES',
                                '2025-01-01T00:00:00Z', true, 'CLOSE_RELATIVES', '2025-04-01T00:00:00Z'),
                           ('320000', 'admin-2', '2025-05-01T00:00:00Z', true, 'CLOSE_RELATIVES',
                                '2025-04-01T00:00:00Z', false, 'NUCLEAR', '2025-06-01T00:00:00Z')""");
        }
        flyway(pg, database, "latest").migrate();
        List<String> settings = new ArrayList<>();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement();
                ResultSet rows = st.executeQuery("""
                        select code, geographic_scope, kinship_scope, effective_from at time zone 'UTC', changed_by
                        from rollout_setting order by id""")) {
            while (rows.next()) {
                settings.add(String.join(" ", rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5)));
            }
        }
        assertThat(settings).containsExactly(
                "320000 CROSS_PROVINCE CLOSE_RELATIVES 2025-04-01 00:00:00 admin-1",
                "320000 INTRA_PROVINCE NUCLEAR 2025-06-01 00:00:00 admin-2");
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement();
                ResultSet rows = st.executeQuery("select count(*) from information_schema.tables"
                        + " where table_schema = current_schema() and table_name in ('rollout', 'rollout_audit')")) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }
}
