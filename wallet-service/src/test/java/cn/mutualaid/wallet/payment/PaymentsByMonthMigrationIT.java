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
 * A wallet database with payments, lines, refunds and contributions from before V13: every row is carried into the
 * partition of the month its id was made (China time), an id that is not version 7 into the default, every fen the
 * same, and the live contribution's key into payment_contribution, where it still refuses a second one.
 */
class PaymentsByMonthMigrationIT {
    // 0x0195a0000000 ms = 2025-03-17 01:28 China time; 0x019ad0000000 ms = 2025-11-29 22:24 China time.
    static final String MARCH = "0195a000-0000-7000-8000-000000000001";
    static final String NOVEMBER_LIVE = "019ad000-0000-7000-8000-000000000002";
    static final String NOVEMBER_VOIDED = "019ad000-0000-7000-8000-000000000003";
    static final String RANDOM = "38f8b93c-715c-41ce-b7ca-0c9b67395f47";
    static final String REFUND = "0195a100-0000-7000-8000-000000000009";

    private static FluentConfiguration flyway(String database) {
        TestPostgres.Server server = TestPostgres.server();
        return Flyway.configure().dataSource(server.jdbcUrl(database), server.user(), server.password())
                .locations("classpath:db/migration", "classpath:db/platform").outOfOrder(true);
    }

    @Test
    void everyRowLandsInItsMonthWithEveryFenAndTheContributionKeyHolds() throws SQLException {
        String database = TestPostgres.database("wallet_payments_by_month");
        flyway(database).target(MigrationVersion.fromVersion("12")).load().migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            st.execute("""
                    insert into quota (quota_id, relation_id, benefactor_id, beneficiary_id, granted_fen, status,
                                       created_at, updated_at)
                    values ('00000000-0000-4000-8000-000000000001', 'r1', 'b1', 'p1', 100000, 'ACTIVE', now(), now());
                    insert into payment (payment_id, provider_id, patient_id, category, amount_fen, refunded_fen,
                                         status, spend_pooling_area, created_at, expires_at, contribution_year)
                    values ('%s', 'prov', 'p1', 'RETAIL_PHARMACY', 500, 100, 'CAPTURED', '320500', now(), now(), null),
                           ('%s', 'prov', 'p1', 'RESIDENT_CONTRIBUTION', 400, 0, 'CAPTURED', '320500', now(), now(),
                            2025),
                           ('%s', 'prov', 'p1', 'RESIDENT_CONTRIBUTION', 400, 0, 'VOIDED', '320500', now(), now(),
                            2025),
                           ('%s', 'prov', 'p1', 'RETAIL_PHARMACY', 700, 0, 'AUTHORIZED', '320500', now(), now(), null);
                    insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                                              refunded_fen, fund_pooling_area, fund_province, spend_pooling_area,
                                              spend_province, scope)
                    select payment_id, n, '00000000-0000-4000-8000-000000000001', 'r1', 'b1', amount_fen / 2,
                           refunded_fen / 2, '320500', '32', '320500', '32', 'SAME_AREA'
                    from payment, generate_series(0, 1) n;
                    insert into refund (refund_id, payment_id, amount_fen, created_at) values ('%s', '%s', 100, now());
                    insert into refund_line (refund_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                                             to_quota, fund_pooling_area, fund_province, spend_pooling_area,
                                             spend_province, scope)
                    values ('%s', 0, '00000000-0000-4000-8000-000000000001', 'r1', 'b1', 100, true, '320500', '32',
                            '320500', '32', 'SAME_AREA')"""
                    .formatted(MARCH, NOVEMBER_LIVE, NOVEMBER_VOIDED, RANDOM, REFUND, MARCH, REFUND));
        }

        flyway(database).load().migrate();

        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            assertThat(rows(st.executeQuery("select tableoid::regclass || ' ' || payment_id from payment order by 1")))
                    .containsExactly("payment_202503 " + MARCH, "payment_202511 " + NOVEMBER_LIVE,
                            "payment_202511 " + NOVEMBER_VOIDED, "payment_default " + RANDOM);
            assertThat(rows(st.executeQuery("""
                    select string_agg(distinct tableoid::regclass::text, ',') || ' ' || count(*) || ' '
                           || sum(amount_fen) || ' ' || sum(refunded_fen)
                    from payment_line group by payment_id order by 1""")))
                    .containsExactly("payment_line_202503 2 500 100", "payment_line_202511 2 400 0",
                            "payment_line_202511 2 400 0", "payment_line_default 2 700 0");
            assertThat(rows(st.executeQuery("""
                    select r.tableoid::regclass || ' ' || l.tableoid::regclass || ' ' || r.amount_fen || ' '
                           || l.amount_fen from refund r join refund_line l using (refund_id)""")))
                    .containsExactly("refund_202503 refund_line_202503 100 100");
            assertThat(rows(st.executeQuery("select payment_id::text from payment_contribution")))
                    .containsExactly(NOVEMBER_LIVE);
            assertThat(rows(st.executeQuery("select to_regclass('payment_unpartitioned')::text")))
                    .containsExactly((String) null);
            // The key still refuses a second live contribution for the year, from another month.
            SQLException refused = null;
            try {
                st.execute("""
                        insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                             spend_pooling_area, created_at, expires_at, contribution_year)
                        values ('0195a000-0000-7000-8000-0000000000aa', 'prov', 'p1', 'RESIDENT_CONTRIBUTION', 400,
                                'CAPTURED', '320500', now(), now(), 2025)""");
            } catch (SQLException e) {
                refused = e;
            }
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getMessage()).contains("payment_contribution_once");
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
