package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.platform.observability.DatabaseGauges;
import cn.mutualaid.platform.partition.MonthlyPartition;
import cn.mutualaid.platform.partition.MonthlyPartition.KeyKind;
import cn.mutualaid.platform.partition.PartitionMaintenance;
import cn.mutualaid.platform.partition.PartitionProperties;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.MutableClock;
import cn.mutualaid.wallet.payment.store.ContributionStore;
import cn.mutualaid.wallet.support.Wallet;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * payment, payment_line, refund and refund_line partitioned by month on their version-7 ids (V13): the months ahead
 * exist from the service's start with the job's own bounds, a payment, its lines and its refund live in the month
 * they were made, the one-live-contribution-per-person-year rule still holds across months (its key moved to the
 * unpartitioned payment_contribution), and a payment stranded in the default partition is counted, and moved when its
 * month is created if nothing references it yet (that month alone refused and counted, nothing lost, if something
 * does).
 */
@MeshTest
class PaymentPartitionsIT {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final List<String> TABLES = List.of("payment", "payment_line", "refund", "refund_line");
    static final SecureRandom RANDOM = new SecureRandom();
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired TransactionalOperator tx;
    @Autowired DatabaseGauges gauges;
    @Autowired MeterRegistry meters;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    @Test
    void theCurrentMonthAndThreeAheadHaveTheirPartitionFromTheStartWithTheJobsBounds() {
        YearMonth now = YearMonth.now(CHINA);
        for (String table : TABLES) {
            List<String> expected = IntStream.rangeClosed(0, 3).mapToObj(i -> table + "_" + yyyymm(now.plusMonths(i)))
                    .toList();
            assertThat(partitions(table)).containsAll(expected).contains(table + "_default");
        }
        MonthlyPartition current = new MonthlyPartition("payment", now);
        assertThat(one("select pg_get_expr(relpartbound, oid) from pg_class where relname = :id", current.name()))
                .isEqualTo("FOR VALUES FROM ('" + unquoted(current.from(KeyKind.UUIDV7, CHINA)) + "') TO ('"
                        + unquoted(current.to(KeyKind.UUIDV7, CHINA)) + "')");
    }

    @Test
    void aPaymentItsLinesAndItsRefundLiveInTheMonthTheyWereMade() {
        String mother = w.employee("320500", 10_000);
        String daughter = w.enrol(Scheme.RESIDENT, "320500");
        String pharmacy = w.provider(ProviderType.RETAIL_PHARMACY, "320500");
        w.quota(mother, daughter, 6000);
        String month = yyyymm(YearMonth.now(CHINA));

        Map<String, Object> paid = w.paid(pharmacy, daughter, 2500, PaymentCategory.RETAIL_PHARMACY, true);
        String id = (String) paid.get("paymentId");
        w.refund(pharmacy, id, "part-" + UUID.randomUUID(), 1000).expectStatus().isCreated();

        assertThat(one("select tableoid::regclass::text from payment where payment_id = cast(:id as uuid)", id))
                .isEqualTo("payment_" + month);
        assertThat(one("select string_agg(distinct tableoid::regclass::text, ',') from payment_line"
                + " where payment_id = cast(:id as uuid)", id)).isEqualTo("payment_line_" + month);
        assertThat(one("select string_agg(distinct r.tableoid::regclass::text || '+' || l.tableoid::regclass::text, ',')"
                + " from refund r join refund_line l using (refund_id) where r.payment_id = cast(:id as uuid)", id))
                .isEqualTo("refund_" + month + "+refund_line_" + month);
        w.assertLedgerOk();
    }

    @Test
    void oneLiveContributionPerPersonYearAcrossMonths() {
        String patient = Wallet.id("months");
        YearMonth now = YearMonth.now(CHINA);
        UUID january = v7(now), march = v7(now.plusMonths(2));
        assertThat(insertContribution(january, patient)).isNull();

        Throwable second = insertContribution(march, patient);
        assertThat(ContributionStore.takenMeanwhile(second)).as("%s", second).isTrue();
        assertThat(one("select count(*)::text from payment where patient_id = :id", patient)).isEqualTo("1");

        // Voided, the year is free again, in another month's partition; the key follows the live one.
        db.sql("update payment set status = 'VOIDED' where payment_id = :id").bind("id", january).fetch()
                .rowsUpdated().block();
        assertThat(insertContribution(march, patient)).isNull();
        assertThat(one("select string_agg(p.tableoid::regclass::text, ',') from payment_contribution c"
                + " join payment p using (payment_id) where c.patient_id = :id", patient))
                .isEqualTo("payment_" + yyyymm(now.plusMonths(2)));
        db.sql("delete from payment where patient_id = :id").bind("id", patient).fetch().rowsUpdated().block();
        assertThat(one("select count(*)::text from payment_contribution where patient_id = :id", patient))
                .isEqualTo("0");
    }

    @Test
    void aPaymentOutsideEveryMonthWaitsInTheDefaultShowsOnTheGaugeAndIsMovedOnlyWhileNothingReferencesIt() {
        YearMonth alone = YearMonth.of(2098, 7), withLine = YearMonth.of(2098, 9);
        UUID single = v7(alone), referenced = v7(withLine);
        String mother = w.employee("320500", 10_000);
        String daughter = w.enrol(Scheme.RESIDENT, "320500");
        UUID quota = UUID.fromString(one("select quota_id::text from quota where relation_id = :id",
                w.quota(mother, daughter, 6000)));
        strand(single, daughter);
        strand(referenced, daughter);
        db.sql("""
                        insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id,
                            amount_fen, fund_pooling_area, fund_province, spend_pooling_area, spend_province, scope)
                        values (:id, 0, :q, 'rel-far', :m, 777, '320500', '32', '320500', '32', 'SAME_AREA')""")
                .bind("id", referenced).bind("q", quota).bind("m", mother).fetch().rowsUpdated().block();
        assertThat(where(single)).isEqualTo("payment_default");
        assertThat(where(referenced)).isEqualTo("payment_default+payment_line_default");

        gauges.refresh().block();
        long inDefault = Long.parseLong(one("select ((select count(*) from payment_default)"
                + " + (select count(*) from payment_line_default) + (select count(*) from refund_default)"
                + " + (select count(*) from refund_line_default))::text", null));
        assertThat(inDefault).isGreaterThanOrEqualTo(3);
        assertThat(meters.get("mesh.partitions.default.rows").gauge().value()).isEqualTo((double) inDefault);

        // Its month comes: the job creates it and moves the payment nothing references yet.
        assertThat(job(alone).ensureAll().block()).isEqualTo(2);
        assertThat(where(single)).isEqualTo("payment_" + yyyymm(alone));

        // A payment with a line: PostgreSQL checks the line's key per partition of payment, so the payment's move is
        // refused, its month rolled back alone and counted, nothing lost (it waits in the default for a move by
        // hand); the line's month is created all the same, and the line moves into it.
        double failed = failures("payment");
        assertThat(job(withLine).ensureAll().block()).isEqualTo(1);
        assertThat(failures("payment")).isEqualTo(failed + 1);
        assertThat(where(referenced)).isEqualTo("payment_default+payment_line_" + yyyymm(withLine));
        assertThat(partitions("payment")).doesNotContain("payment_" + yyyymm(withLine));
        assertThat(one("select sum(amount_fen)::text from payment_line where payment_id = :id", referenced))
                .isEqualTo("777");

        db.sql("delete from payment_line where payment_id = :id").bind("id", referenced).fetch().rowsUpdated()
                .then(db.sql("delete from payment where patient_id = :id").bind("id", daughter).fetch().rowsUpdated())
                .block();
        assertThat(job(withLine).ensureAll().block()).isEqualTo(1);
        assertThat(failures("payment")).isEqualTo(failed + 1);
    }

    /** A payment whose id is of {@code month}, inserted as a row the wallet would write. */
    private void strand(UUID id, String patient) {
        db.sql("""
                        insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                             spend_pooling_area, created_at, expires_at)
                        values (:id, 'prov-far', :p, 'RETAIL_PHARMACY', 777, 'AUTHORIZED', '320500', now(),
                                '2098-12-31T00:00:00Z')""") // expiring far ahead: no hold for the sweeper to void
                .bind("id", id).bind("p", patient).fetch().rowsUpdated().block();
    }

    /** The job for payment and its lines as it runs in {@code month}, creating that month only. */
    private PartitionMaintenance job(YearMonth month) {
        var properties = new PartitionProperties(0, Duration.ofHours(6), CHINA, Duration.ofSeconds(5),
                List.of(new PartitionProperties.Table("payment", KeyKind.UUIDV7),
                        new PartitionProperties.Table("payment_line", KeyKind.UUIDV7)));
        return new PartitionMaintenance(db, tx, new MutableClock(month.atDay(15).atStartOfDay(CHINA).toInstant()),
                properties, meters);
    }

    private double failures(String table) {
        return meters.get("mesh.partitions.failures").tag("table", table).counter().count();
    }

    /** A contribution row as the wallet inserts one, straight into the table: the key alone decides. */
    private Throwable insertContribution(UUID id, String patient) {
        return db.sql("""
                        insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                             spend_pooling_area, created_at, expires_at, captured_at, contribution_year)
                        values (:id, 'prov-months', :p, 'RESIDENT_CONTRIBUTION', 40000, 'CAPTURED', '320500', now(),
                                now(), now(), 2025)""")
                .bind("id", id).bind("p", patient)
                .fetch().rowsUpdated().then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block();
    }

    /** A version-7 id made on the 10th of the month, China time, as TimeOrderedUuid makes them. */
    private static UUID v7(YearMonth month) {
        long millis = month.atDay(10).atStartOfDay(CHINA).toInstant().toEpochMilli();
        return new UUID((millis << 16) | 0x7000L | RANDOM.nextInt(0x1000),
                (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private String where(UUID payment) {
        return one("select concat_ws('+', (select tableoid::regclass::text from payment where payment_id = :id),"
                + " (select string_agg(tableoid::regclass::text, ',') from payment_line where payment_id = :id))",
                payment);
    }

    private String one(String sql, Object id) {
        var spec = db.sql(sql);
        if (id != null) {
            spec = spec.bind("id", id);
        }
        return spec.map(r -> r.get(0, String.class)).one().block();
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

    /** '0191...'::uuid as 0191... */
    private static String unquoted(String literal) {
        return literal.substring(1, literal.indexOf("'::"));
    }
}
