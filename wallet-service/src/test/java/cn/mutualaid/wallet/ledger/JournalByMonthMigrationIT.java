package cn.mutualaid.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A wallet database with a journal from before V14: every transaction gets a version-7 id of its created_at, in the
 * order of its old number, which stays its entry number; it and its postings land in that month's partitions with
 * every fen; the credit follows its transaction; new entries number on after the old ones. A credit naming a
 * transaction the journal does not hold fails the migration, and nothing changes.
 */
class JournalByMonthMigrationIT {

    private static FluentConfiguration flyway(String database) {
        TestPostgres.Server server = TestPostgres.server();
        return Flyway.configure().dataSource(server.jdbcUrl(database), server.user(), server.password())
                .locations("classpath:db/migration", "classpath:db/platform").outOfOrder(true);
    }

    /** Transactions 1..3 and their postings: 1 in March 2025, 2 and 3 in the last millisecond of November 2025. */
    private static void journalBeforeV14(Statement st) throws SQLException {
        st.execute("""
                insert into journal_tx (kind, reference, created_at) values
                    ('CREDIT', '2025-03', '2025-03-17T01:28:00+08'),
                    ('CREDIT', '2025-11', '2025-11-30T23:59:59.999+08'),
                    -- written a millisecond earlier by a concurrent writer, numbered after: keeps its place
                    ('QUOTA_FREEZE', 'rel-1', '2025-11-30T23:59:59.998+08');
                insert into posting (tx_id, ledger, person_id, amount_fen) values
                    (1, 'ALLOCATION', null, -1000), (1, 'AVAILABLE', 'b1', 1000),
                    (2, 'ALLOCATION', null, -500), (2, 'AVAILABLE', 'b1', 500),
                    (3, 'AVAILABLE', 'b1', -300), (3, 'FROZEN', 'b1', 300);
                insert into credit (person_id, reference, amount_fen, balance_after_fen, journal_tx, credited_at)
                values ('b1', '2025-11', 500, 1500, 2, '2025-11-30T23:59:59.999+08')""");
    }

    @Test
    void everyTransactionKeepsItsNumberAndOrderAndLandsInItsMonthWithItsPostings() throws SQLException {
        String database = TestPostgres.database("wallet_journal_by_month");
        flyway(database).target(MigrationVersion.fromVersion("13")).load().migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            journalBeforeV14(st);
        }

        flyway(database).load().migrate();

        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            assertThat(rows(st, """
                    select entry_no || ' ' || tableoid::regclass || ' ' || kind || ' '
                           || substr(tx_id::text, 15, 1) from journal_tx order by tx_id"""))
                    .containsExactly("1 journal_tx_202503 CREDIT 7", "2 journal_tx_202511 CREDIT 7",
                            "3 journal_tx_202511 QUOTA_FREEZE 7");
            assertThat(rows(st, """
                    select t.entry_no || ' ' || p.tableoid::regclass || ' ' || count(*) || ' ' || sum(p.amount_fen)
                           || ' ' || sum(abs(p.amount_fen))
                    from posting p join journal_tx t using (tx_id) group by t.entry_no, p.tableoid order by 1"""))
                    .containsExactly("1 posting_202503 2 0 2000", "2 posting_202511 2 0 1000",
                            "3 posting_202511 2 0 600");
            assertThat(rows(st, "select t.entry_no::text from credit c join journal_tx t on t.tx_id = c.journal_tx"))
                    .containsExactly("2");
            assertThat(rows(st, "select to_regclass('journal_tx_unpartitioned')::text")).containsExactly((String) null);

            // A new entry takes the next number, a new id after every old one, and this month's partition.
            st.execute("""
                    insert into journal_tx (tx_id, kind, reference, created_at)
                    values ('%s', 'CREDIT', 'new', now())""".formatted(TimeOrderedUuid.next()));
            assertThat(rows(st, "select entry_no || ' ' || (tableoid::regclass::text like 'journal_tx_2%') from journal_tx"
                    + " order by tx_id desc limit 1")).containsExactly("4 true");
        }
    }

    @Test
    void aCreditNamingATransactionTheJournalDoesNotHoldFailsTheMigrationAndNothingChanges() throws SQLException {
        String database = TestPostgres.database("wallet_journal_by_month_bad");
        flyway(database).target(MigrationVersion.fromVersion("13")).load().migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            journalBeforeV14(st);
            st.execute("""
                    insert into credit (person_id, reference, amount_fen, balance_after_fen, journal_tx, credited_at)
                    values ('b1', 'lost', 1, 1501, 99, now())""");
        }

        assertThatThrownBy(() -> flyway(database).load().migrate()).hasMessageContaining("credit");

        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            assertThat(rows(st, "select count(*) || ' ' || sum(amount_fen) || ' ' || pg_typeof(min(tx_id))"
                    + " from posting")).containsExactly("6 0 bigint");
            assertThat(rows(st, "select string_agg(journal_tx::text, ',' order by journal_tx) from credit"))
                    .containsExactly("2,99");
        }
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
