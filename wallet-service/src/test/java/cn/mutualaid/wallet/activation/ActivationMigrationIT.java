package cn.mutualaid.wallet.activation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A deployment from before activation: V8 counts every wallet already in use (a quota given or received, a payment
 * code issued) as activated, so nothing that worked stops; a wallet never used stays inactive.
 */
class ActivationMigrationIT {

    private static Flyway flyway(TestPostgres.Server pg, String database, String target) {
        return Flyway.configure()
                .dataSource(pg.jdbcUrl(database), pg.user(), pg.password())
                .locations("classpath:db/migration", "classpath:db/platform")
                .outOfOrder(true)
                .target(target)
                .load();
    }

    @Test
    void walletsInUseBeforeV8AreActivatedAndOthersAreNot() throws Exception {
        String database = TestPostgres.database("wallet_activation_migration");
        TestPostgres.Server pg = TestPostgres.server();
        flyway(pg, database, "7").migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            st.executeUpdate("""
                    insert into quota (quota_id, relation_id, benefactor_id, beneficiary_id, status, created_at, updated_at)
                    values ('00000000-0000-0000-0000-000000000001', 'rel-1', 'giver', 'receiver', 'ACTIVE', now(), now())""");
            st.executeUpdate("""
                    insert into payment_code (code_hash, person_id, created_at, expires_at)
                    values ('\\x01', 'code-holder', now(), now() + interval '1 minute')""");
            st.executeUpdate("""
                    insert into account (person_id, pooling_area, created_at) values ('never-used', '320500', now())""");
        }

        flyway(pg, database, "latest").migrate();

        List<String> activated = new ArrayList<>();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement();
                ResultSet rows = st.executeQuery("select person_id from wallet_activation"
                        + " where activated_at is not null order by person_id")) {
            while (rows.next()) {
                activated.add(rows.getString(1));
            }
        }
        assertThat(activated).containsExactly("code-holder", "giver", "receiver");
    }
}
