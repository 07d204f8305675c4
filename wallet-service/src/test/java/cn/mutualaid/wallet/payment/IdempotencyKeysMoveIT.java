package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A wallet database with keys in its own table from before the platform's Idempotency-Key table: V12 carries every
 * stored key over unchanged (answered, in flight, and from before operations were named) and drops the old table, so
 * a retry after the upgrade still gets its stored answer (IdempotencyIT replays such keys).
 */
class IdempotencyKeysMoveIT {

    private static FluentConfiguration flyway(String database, String... locations) {
        TestPostgres.Server server = TestPostgres.server();
        return Flyway.configure().dataSource(server.jdbcUrl(database), server.user(), server.password())
                .locations(locations).outOfOrder(true);
    }

    @Test
    void keysStoredInTheWalletsOwnTableAreCarriedOverByV12() throws SQLException {
        String database = TestPostgres.database("wallet_keys_move");
        // The wallet as deployed before V12 (here up to V7, the last one before it was written), keys in its own table
        // (V1, V5, V6). The platform's migrations are taken along; a deployed database gets V0_5 out of order.
        flyway(database, "classpath:db/migration", "classpath:db/platform")
                .target(MigrationVersion.fromVersion("7")).load().migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            st.execute("""
                    insert into idempotency (caller_id, idem_key, request_hash, response_body, created_at, owner,
                                             locked_until, operation)
                    values ('hospital-1', 'answered', 'h1', '{"paymentId":"p1"}', now(), gen_random_uuid(), null,
                            'AUTHORIZE'),
                           ('hospital-1', 'in-flight', 'h2', null, now(), gen_random_uuid(),
                            now() + interval '30 seconds', 'REFUND'),
                           ('hospital-2', 'before-v6', 'h3', '{"paymentId":"p3"}', now() - interval '1 day', null,
                            null, null)""");
        }

        flyway(database, "classpath:db/migration", "classpath:db/platform").load().migrate();

        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            assertThat(rows(st.executeQuery("""
                    select caller_id || '/' || idem_key || '/' || coalesce(operation, '-') || '/' || request_hash || '/'
                           || coalesce(response_body, 'in flight') || '/' || (locked_until is not null)
                      from idempotency_key order by idem_key""")))
                    .containsExactly("hospital-1/answered/AUTHORIZE/h1/{\"paymentId\":\"p1\"}/false",
                            "hospital-2/before-v6/-/h3/{\"paymentId\":\"p3\"}/false",
                            "hospital-1/in-flight/REFUND/h2/in flight/true");
            assertThat(rows(st.executeQuery("select to_regclass('idempotency')::text"))).containsExactly((String) null);
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(rs.getString(1));
        }
        return rows;
    }
}
