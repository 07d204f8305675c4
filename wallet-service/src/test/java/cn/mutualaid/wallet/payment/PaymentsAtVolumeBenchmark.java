package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.partition.MonthlyPartition;
import cn.mutualaid.platform.partition.MonthlyPartition.KeyKind;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.Timings;
import cn.mutualaid.testing.Timings.Timing;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.account.store.AccountStore;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.ledger.domain.LedgerReport;
import cn.mutualaid.wallet.ledger.domain.LedgerScope;
import cn.mutualaid.wallet.ledger.store.LedgerCheck;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import cn.mutualaid.wallet.payment.domain.PaymentStatus;
import cn.mutualaid.wallet.payment.store.PaymentCall;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * Not in the default run (tag "benchmark"): whether the wallet's hot work stays flat as payments pile up. With
 * {@value #SMALL} payments in the tables, then with {@code benchmark.payments} (default 10,000,000), each with its
 * line, its journal transaction and two postings, spread over the 24 months up to the current one (loaded with SQL,
 * families of 50 payments each, their credit and freeze journaled, so the ledger check finds nothing), it times:
 * <ul>
 *   <li>a captured payment through {@link PaymentAuthorizations#create}, the call the API makes, on both write paths
 *       (mesh.wallet.payment-write function and statements), one at a time: p50 and p99;</li>
 *   <li>a person's journal page (20 newest entries of a benefactor with about 50 payments);</li>
 *   <li>the ledger check of one pooling area (the measured families' 320500; the loaded ones are in 440100), and of the
 *       nation once.</li>
 * </ul>
 * The database is this JVM's own; the loaded tables are truncated at the end ({@code -Dbenchmark.keep=true} keeps
 * them). Run it with
 * {@code mvn -B -pl wallet-service test -Dtest=PaymentsAtVolumeBenchmark -DexcludedGroups=none
 * -Dbenchmark.payments=10000000}.
 */
@MeshTest
@Tag("benchmark")
// A month's load (a million rows at 10 M) runs longer than the services' 30 s statement timeout.
@TestPropertySource(properties = "mesh.db.statement-timeout=60m")
class PaymentsAtVolumeBenchmark {
    static final int SMALL = 10_000;
    static final long LARGE = Long.getLong("benchmark.payments", 10_000_000L);
    static final int MONTHS = 24;
    static final int PER_FAMILY = 50;
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 300);
    /** Leaves the loaded rows in place, to look at the plans in psql (with MESH_TEST_PG_URL, a database of its own). */
    static final boolean KEEP = Boolean.getBoolean("benchmark.keep");
    static final int MEASURED_FAMILIES = 50;
    static final long GRANTED = 10_000_000_000L;
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Logger log = LoggerFactory.getLogger(PaymentsAtVolumeBenchmark.class);

    @Autowired DatabaseClient db;
    @Autowired PaymentAuthorizations function;
    @Autowired PaymentStore store;
    @Autowired PaymentCall call;
    @Autowired Idempotency idempotency;
    @Autowired PaymentEvaluator evaluator;
    @Autowired PaymentCodes codes;
    @Autowired PaymentCaptures captures;
    @Autowired Outbox outbox;
    @Autowired Clock clock;
    @Autowired WalletProperties properties;
    @Autowired MeterRegistry meters;
    @Autowired AccountStore accounts;
    @Autowired LedgerCheck ledger;
    private int codeNo;

    @Test
    void thePaymentPathTheJournalPageAndTheLedgerCheckAtTenThousandAndAtTenMillionPayments() {
        assertThat(properties.paymentWrite()).isEqualTo(WalletProperties.PaymentWrite.FUNCTION);
        WalletProperties p = properties;
        PaymentAuthorizations statements = new PaymentAuthorizations(store, call, idempotency, evaluator, codes,
                captures, outbox, clock, new WalletProperties(p.paymentCodeTtl(), p.holdTtl(), p.holdSweepInterval(),
                        p.assertInvariants(), p.fourEyesFen(), p.ledgerCheck(), WalletProperties.PaymentWrite.STATEMENTS),
                meters);
        try {
            createFunction();
            partitions();
            sql("insert into provider (provider_id, name, type, pooling_area, updated_at) values"
                    + " ('vprov-m', 'hospital', 'MEDICAL_INSTITUTION', '320500', now()),"
                    + " ('vprov', 'hospital', 'MEDICAL_INSTITUTION', '440100', now())");
            families(0, "320500", MEASURED_FAMILIES);

            long started = System.nanoTime();
            load(1, SMALL);
            long smallLoad = seconds(started);
            Figures small = measure(function, statements, 1, SMALL);

            started = System.nanoTime();
            load(2, LARGE - SMALL);
            long largeLoad = seconds(started);
            Figures large = measure(function, statements, 2, LARGE - SMALL);

            System.out.printf("%nBENCHMARK payments by month, %d months, one line, one journal transaction and two"
                    + " postings each (loaded in %d s and %d s)%n  %s%n  %s%n%n", MONTHS, smallLoad, largeLoad, small,
                    large);
            // Generous (a shared machine): a thousand times the payments, and not three times slower. The journal page
            // reads one index per month, and the nation's ledger check the whole journal: not held to it (the wallet
            // README says what they measured). An area's check reads only the area's rows: ten times at most (it
            // was 48 times slower at 1,000,000 payments, 75 times at 10,000,000, when it filtered the whole journal).
            assertThat(large.function().p50()).isLessThan(3 * small.function().p50() + 5);
            assertThat(large.statements().p50()).isLessThan(3 * small.statements().p50() + 5);
            assertThat(large.areaCheck().p50()).isLessThan(10 * small.areaCheck().p50() + 50);
        } finally {
            if (!KEEP) {
                sql("truncate posting, journal_tx, payment_line, refund_line, refund, payment, payment_contribution");
            }
        }
    }

    record Figures(long payments, long postings, Timing function, Timing statements, Timing journalPage,
            Timing areaCheck, double nationalCheckMs) {
        @Override
        public String toString() {
            return String.format("%,d payments, %,d postings: payment (function) %s | payment (statements) %s |"
                    + " journal page %s | ledger check of an area %s | of the nation %.0f ms", payments, postings,
                    function, statements, journalPage, areaCheck, nationalCheckMs);
        }
    }

    private Figures measure(PaymentAuthorizations function, PaymentAuthorizations statements, int stage,
            long loaded) {
        long payments = count("select count(*) from payment");
        long postings = count("select count(*) from posting");
        // The two paths alternate payment by payment, so that the machine's noise falls on both alike.
        Timing[] both = Timings.alternating(Math.min(30, ROUNDS), ROUNDS, () -> pay(function), () -> pay(statements));
        Timing viaFunction = both[0];
        Timing viaStatements = both[1];
        long families = Math.max(1, loaded / PER_FAMILY);
        Timing page = Timings.time(Math.min(30, ROUNDS / 3), ROUNDS, () -> accounts.journal("vb" + stage + "-"
                + ThreadLocalRandom.current().nextLong(families), 20, 0).collectList().block());
        LedgerScope area = new LedgerScope("320500", "320500", "320500");
        Timing areaCheck = Timings.time(1, 3, () -> checked(area));
        long nationalStart = System.nanoTime();
        checked(LedgerScope.NATIONAL);
        double national = (System.nanoTime() - nationalStart) / 1e6;
        Figures figures = new Figures(payments, postings, viaFunction, viaStatements, page, areaCheck, national);
        log.info("BENCHMARK {}", figures);
        return figures;
    }

    private LedgerReport checked(LedgerScope scope) {
        LedgerReport report = ledger.run(scope, Duration.ofMinutes(30)).block();
        assertThat(report.problems()).isEmpty();
        return report;
    }

    /** A captured payment of a measured family, through the API's call, with a fresh stored code. */
    private Object pay(PaymentAuthorizations path) {
        String patient = "vn0-" + (codeNo % MEASURED_FAMILIES);
        String code = "vcode-" + UUID.randomUUID();
        codeNo++;
        db.sql("insert into payment_code (code_hash, person_id, created_at, expires_at)"
                        + " values (:h, :p, now(), now() + interval '1 hour')")
                .bind("h", PaymentCodes.hash(code)).bind("p", patient).fetch().rowsUpdated().block();
        var answer = path.create("vprov-m", UUID.randomUUID().toString(),
                new PaymentOrder(code, patient, 1200, PaymentCategory.MEDICAL_INSTITUTION, null, true)).block();
        assertThat(answer.body().status()).isEqualTo(PaymentStatus.CAPTURED);
        return answer;
    }

    /** A version-7 uuid of millisecond {@code ms}; {@code tag} (12 bits) and {@code n} (60 bits) keep it unique. */
    private void createFunction() {
        sql("""
                create or replace function bench_v7(ms bigint, tag int, n bigint) returns uuid language sql immutable as $$
                    select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || lpad(to_hex(tag), 3, '0') || '-8'
                            || substr(r, 1, 3) || '-' || substr(r, 4, 12))::uuid
                    from (select lpad(to_hex(ms), 12, '0') h, lpad(to_hex(n), 15, '0') r) x
                $$""");
    }

    /** The 24 months' partitions of the four tables a capture writes, as the platform's job creates them. */
    private void partitions() {
        YearMonth current = YearMonth.now(CHINA);
        for (int m = 0; m < MONTHS; m++) {
            for (String table : List.of("payment", "payment_line", "journal_tx", "posting")) {
                sql(new MonthlyPartition(table, current.minusMonths(MONTHS - 1 - m)).createSql(KeyKind.UUIDV7, CHINA));
            }
        }
    }

    /**
     * {@code n} families of stage {@code stage} in {@code area}: a benefactor with an account, a beneficiary, an
     * ACTIVE relation and quota of {@link #GRANTED}, and the credit and freeze of that money journaled.
     */
    private void families(int stage, String area, long n) {
        long firstMonth = YearMonth.now(CHINA).minusMonths(MONTHS - 1).atDay(1).atStartOfDay(CHINA).toInstant()
                .toEpochMilli();
        for (String statement : List.of(
                """
                insert into person (person_id, scheme, pooling_area, status, updated_at)
                select 'vb' || :s || '-' || f, 'EMPLOYEE', :area, 'ACTIVE', now() from generate_series(0, :n - 1) f
                union all
                select 'vn' || :s || '-' || f, 'RESIDENT', :area, 'ACTIVE', now() from generate_series(0, :n - 1) f""",
                """
                insert into account (person_id, pooling_area, balance_fen, frozen_fen, created_at)
                select 'vb' || :s || '-' || f, :area, :g, :g, now() from generate_series(0, :n - 1) f""",
                """
                insert into relation (relation_id, benefactor_id, beneficiary_id, scope, status, updated_at)
                select 'vr' || :s || '-' || f, 'vb' || :s || '-' || f, 'vn' || :s || '-' || f, 'SAME_AREA', 'ACTIVE',
                       now() from generate_series(0, :n - 1) f""",
                """
                insert into quota (quota_id, relation_id, benefactor_id, beneficiary_id, granted_fen, status,
                                   created_at, updated_at)
                select md5('vq' || :s || '-' || f)::uuid, 'vr' || :s || '-' || f, 'vb' || :s || '-' || f,
                       'vn' || :s || '-' || f, :g, 'ACTIVE', now(), now() from generate_series(0, :n - 1) f""",
                """
                with x as (select f, bench_v7(:first + f, :s * 8 + k, f) tx, k from generate_series(0, :n - 1) f,
                                                                                   generate_series(2, 3) k),
                     t as (insert into journal_tx (tx_id, kind, reference, created_at)
                           select tx, case k when 2 then 'CREDIT' else 'QUOTA_FREEZE' end, 'vb' || :s || '-' || f,
                                  to_timestamp((:first + f) / 1000.0) from x)
                insert into posting (tx_id, ledger, person_id, amount_fen)
                select tx, l.ledger, l.person, l.amount from x, lateral (values
                    (case k when 2 then 'ALLOCATION' else 'AVAILABLE' end,
                     case k when 2 then null else 'vb' || :s || '-' || f end, -:g),
                    (case k when 2 then 'AVAILABLE' else 'FROZEN' end, 'vb' || :s || '-' || f, :g))
                    as l(ledger, person, amount)""")) {
            var spec = db.sql(statement);
            for (var param : java.util.Map.<String, Object>of("s", stage, "area", area, "n", n, "g", GRANTED,
                    "first", firstMonth).entrySet()) {
                // Only the names the statement uses: the driver refuses a value for a name it does not have.
                if (statement.matches("(?s).*:" + param.getKey() + "\\b.*")) {
                    spec = spec.bind(param.getKey(), param.getValue());
                }
            }
            spec.fetch().rowsUpdated().block();
        }
    }

    /**
     * About {@code n} captured payments of new families of stage {@code stage}, spread over the 24 months, two months
     * at a time (one statement each, on two connections: both cores). A large load first drops the tables' secondary
     * indexes and builds them again after it, from their own definitions: a sorted build instead of millions of random
     * index inserts. The measured path runs with every index in place.
     */
    private void load(int stage, long n) {
        long perMonth = n / MONTHS;
        long families = Math.max(1, perMonth * MONTHS / PER_FAMILY);
        families(stage, "440100", families);
        List<String> indexes = n > 1_000_000 ? dropSecondaryIndexes() : List.of();
        YearMonth current = YearMonth.now(CHINA);
        long now = System.currentTimeMillis();
        Flux.range(0, MONTHS).flatMap(m -> {
            YearMonth month = current.minusMonths(MONTHS - 1 - m);
            long start = month.atDay(1).atStartOfDay(CHINA).toInstant().toEpochMilli();
            long end = Math.min(month.plusMonths(1).atDay(1).atStartOfDay(CHINA).toInstant().toEpochMilli(), now);
            long chunkStart = System.nanoTime();
            return db.sql("""
                    with x as materialized (
                        select g, ms, f, amount, bench_v7(ms, :s * 8, g) as payment, bench_v7(ms, :s * 8 + 1, g) as tx
                        from (select g, :start + (g * 7919) % :span as ms, g % :f as f, 100 + g % 5000 as amount
                              from (select :m + 24 * i as g from generate_series(0::bigint, :k - 1) i) q) y),
                    p as (
                        insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                             spend_pooling_area, created_at, expires_at, captured_at)
                        select payment, 'vprov', 'vn' || :s || '-' || f, 'MEDICAL_INSTITUTION', amount,
                               'CAPTURED', '440100', to_timestamp(ms / 1000.0), to_timestamp(ms / 1000.0 + 900),
                               to_timestamp(ms / 1000.0) from x),
                    l as (
                        insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                                                  fund_pooling_area, fund_province, spend_pooling_area, spend_province,
                                                  scope)
                        select payment, 0, md5('vq' || :s || '-' || f)::uuid, 'vr' || :s || '-' || f,
                               'vb' || :s || '-' || f, amount, '440100', '44', '440100', '44', 'SAME_AREA' from x),
                    t as (
                        insert into journal_tx (tx_id, kind, reference, created_at)
                        select tx, 'CAPTURE', payment::text, to_timestamp(ms / 1000.0) from x)
                    insert into posting (tx_id, ledger, person_id, amount_fen)
                    select tx, l.ledger, l.person, l.amount from x, lateral (values
                        ('FROZEN', 'vb' || :s || '-' || f, -amount), ('SPENT', null, amount)) as l(ledger, person, amount)""")
                    .bind("start", start).bind("span", Math.max(1, end - start - 1)).bind("f", families).bind("m", m)
                    .bind("k", perMonth).bind("s", stage).fetch().rowsUpdated()
                    .doOnNext(rows -> log.info("BENCHMARK loaded {} of stage {}: {} payments in {} s", month, stage,
                            perMonth, seconds(chunkStart)));
        }, 2).blockLast();
        long indexStart = System.nanoTime();
        indexes.forEach(this::sql);
        if (!indexes.isEmpty()) {
            log.info("BENCHMARK built {} indexes again in {} s", indexes.size(), seconds(indexStart));
        }
        // Every index of the four tables and of each of their partitions is whole again before anything is timed.
        assertThat(count("""
                select count(*) from pg_index x join pg_class t on t.oid = x.indrelid
                where not x.indisvalid and (t.relname in ('payment', 'payment_line', 'journal_tx', 'posting')
                   or t.relname ~ '^(payment|payment_line|journal_tx|posting)_(\\d{6}|default)$')""")).isZero();
        // What the captures took from each family's quota and frozen money.
        db.sql("""
                with used as (select g % :f as f, sum(100 + g % 5000) as used
                              from generate_series(0::bigint, :n - 1) g group by 1),
                     q as (update quota set used_fen = u.used from used u
                           where quota_id = md5('vq' || :s || '-' || u.f)::uuid)
                update account set balance_fen = :g - u.used, frozen_fen = :g - u.used from used u
                where person_id = 'vb' || :s || '-' || u.f""")
                .bind("f", families).bind("n", perMonth * MONTHS).bind("s", stage).bind("g", GRANTED)
                .fetch().rowsUpdated().block();
        sql("analyze");
    }

    /**
     * Drops the secondary (neither primary key nor unique) indexes of the four tables the load writes and answers their
     * definitions, as PostgreSQL prints them, to build them again.
     */
    private List<String> dropSecondaryIndexes() {
        List<String> definitions = db.sql("""
                        select i.indexname, i.indexdef from pg_indexes i
                        where i.schemaname = current_schema()
                          and i.tablename in ('payment', 'payment_line', 'journal_tx', 'posting')
                          and i.indexdef not like 'CREATE UNIQUE INDEX%'""")
                .map(r -> r.get("indexname", String.class) + "\n" + r.get("indexdef", String.class)).all()
                .collectList().block();
        for (String definition : definitions) {
            sql("drop index " + definition.substring(0, definition.indexOf('\n')));
        }
        log.info("BENCHMARK dropped {} secondary indexes for the load", definitions.size());
        // A partitioned table's index prints as "ON ONLY" (the parent alone): built again on every partition.
        return definitions.stream().map(d -> d.substring(d.indexOf('\n') + 1).replace(" ON ONLY ", " ON ")).toList();
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private void sql(String sql) {
        db.sql(sql).fetch().rowsUpdated().block();
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000;
    }
}
