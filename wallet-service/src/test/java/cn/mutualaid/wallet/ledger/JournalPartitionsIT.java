package cn.mutualaid.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * journal_tx and posting partitioned by month on a version-7 tx_id (V14): their months ahead exist from the start, a
 * credit's and a captured payment's transactions and postings live in the month they were made, the API still names
 * each entry by a number (its entry number, the credit's journalTxId the same), newest first, and the ledger check
 * names an unbalanced transaction by that number. Runs on the payment-write function path; the statement path in
 * {@link JournalPartitionsStatementsIT}.
 */
@MeshTest
class JournalPartitionsIT {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    @Test
    void theCurrentMonthAndThreeAheadHaveTheirPartitionFromTheStart() {
        YearMonth now = YearMonth.now(CHINA);
        for (String table : List.of("journal_tx", "posting")) {
            assertThat(partitions(table)).containsAll(IntStream.rangeClosed(0, 3)
                    .mapToObj(i -> table + "_" + yyyymm(now.plusMonths(i))).toList()).contains(table + "_default");
        }
    }

    @Test
    void entriesLiveInTheirMonthAndTheApiNamesThemByTheirNumberNewestFirst() {
        String mother = w.employee("320500", 10_000);
        Map<String, Object> credit = w.credit(mother, "320500", 500, "jp-" + UUID.randomUUID())
                .expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody();
        String daughter = w.enrol(Scheme.RESIDENT, "320500");
        String pharmacy = w.provider(ProviderType.RETAIL_PHARMACY, "320500");
        w.quota(mother, daughter, 6000);
        String paymentId = (String) w.paid(pharmacy, daughter, 2500, PaymentCategory.RETAIL_PHARMACY, true)
                .get("paymentId");

        List<Map<String, Object>> journal = web.get().uri("/api/v1/accounts/{p}/journal?size=10", mother)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.agency("320500"))
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON_LIST).returnResult().getResponseBody();
        assertThat(journal).extracting(e -> e.get("kind"))
                .containsExactly("CAPTURE", "QUOTA_FREEZE", "CREDIT", "CREDIT");
        assertThat(journal.get(0)).containsEntry("reference", paymentId).containsEntry("balanceDeltaFen", -2500);
        assertThat(journal).allSatisfy(e -> assertThat(e.get("txId")).isInstanceOf(Number.class));
        List<Long> numbers = journal.stream().map(e -> ((Number) e.get("txId")).longValue()).toList();
        assertThat(numbers).isSortedAccordingTo(Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(((Number) credit.get("journalTxId")).longValue()).isEqualTo(numbers.get(2));

        String month = yyyymm(YearMonth.now(CHINA));
        assertThat(one("""
                select string_agg(distinct t.tableoid::regclass || '+' || p.tableoid::regclass || ' v'
                                  || substr(t.tx_id::text, 15, 1), ',')
                from journal_tx t join posting p using (tx_id) where p.person_id = :id""", mother))
                .isEqualTo("journal_tx_" + month + "+posting_" + month + " v7");
        assertThat(one("""
                select string_agg(t.entry_no::text, ',') from credit c join journal_tx t on t.tx_id = c.journal_tx
                where c.person_id = :id and c.reference like 'jp-%'""", mother))
                .isEqualTo(String.valueOf(numbers.get(2)));
        w.assertLedgerOk();
    }

    @Test
    void theLedgerCheckNamesAnUnbalancedTransactionByItsNumber() {
        UUID tx = TimeOrderedUuid.next();
        String number = one("""
                with t as (insert into journal_tx (tx_id, kind, reference, created_at)
                           values (:id, 'TEST', 'unbalanced', now()) returning tx_id, entry_no),
                     p as (insert into posting (tx_id, ledger, amount_fen) select tx_id, 'SPENT', 1 from t)
                select entry_no::text from t""", tx);
        try {
            Map<String, Object> check = web.get().uri("/api/v1/ledger/check")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.clearing())
                    .exchange().expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
            assertThat(check.get("ok")).isEqualTo(false);
            assertThat((List<?>) check.get("problems")).anySatisfy(p -> {
                assertThat(((Map<?, ?>) p).get("kind")).isEqualTo("UNBALANCED_TRANSACTION");
                assertThat(((Map<?, ?>) p).get("id")).isEqualTo(number);
            });
        } finally {
            db.sql("delete from posting where tx_id = :id").bind("id", tx).fetch().rowsUpdated()
                    .then(db.sql("delete from journal_tx where tx_id = :id").bind("id", tx).fetch().rowsUpdated())
                    .block();
        }
        w.assertLedgerOk();
    }

    private String one(String sql, Object id) {
        return db.sql(sql).bind("id", id).map(r -> r.get(0, String.class)).one().block();
    }

    private List<String> partitions(String table) {
        return db.sql("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = to_regclass(:t)""")
                .bind("t", table).map(r -> r.get(0, String.class)).all().collectList().block();
    }

    private static String yyyymm(YearMonth month) {
        return month.format(DateTimeFormatter.ofPattern("yyyyMM"));
    }
}
