package cn.mutualaid.platform.partition;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.platform.partition.MonthlyPartition.KeyKind;
import cn.mutualaid.testing.MutableClock;
import cn.mutualaid.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The job against a real PostgreSQL: what it creates, with several instances at once, and rows it must move. */
class PartitionMaintenanceIT {
    static DatabaseClient db;
    static TransactionalOperator tx;

    @BeforeAll
    static void database() {
        TestPostgres.Server pg = TestPostgres.server();
        var factory = new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(
                PostgresqlConnectionConfiguration.builder().host(pg.host()).port(pg.port()).username(pg.user())
                        .password(pg.password()).database(TestPostgres.database("platform_partitions")).build()))
                .maxSize(8).build());
        db = DatabaseClient.create(factory);
        tx = TransactionalOperator.create(new R2dbcTransactionManager(factory));
    }

    static String table(String ddlAfterName) {
        String name = "t_" + UUID.randomUUID().toString().substring(0, 8);
        sql("create table " + name + " " + ddlAfterName);
        return name;
    }

    static PartitionMaintenance job(String table, KeyKind key, String now, int ahead) {
        return job(List.of(new PartitionProperties.Table(table, key)), now, ahead, new SimpleMeterRegistry());
    }

    static PartitionMaintenance job(List<PartitionProperties.Table> tables, String now, int ahead,
            MeterRegistry meters) {
        var properties = new PartitionProperties(ahead, Duration.ofHours(6), ZoneId.of("Asia/Shanghai"),
                Duration.ofSeconds(5), tables);
        return new PartitionMaintenance(db, tx, new MutableClock(Instant.parse(now)), properties, meters);
    }

    @Test
    void createsTheCurrentMonthTheMonthsAheadAndTheDefaultOnceOnly() {
        String t = table("(id bigint generated always as identity, month text not null, amount_fen bigint not null,"
                + " primary key (id, month)) partition by range (month)");
        // 1 February 01:30 China time: February is the current month though UTC still says January.
        PartitionMaintenance job = job(t, KeyKind.YYYYMM, "2024-01-31T17:30:00Z", 2);

        assertThat(job.ensureAll().block()).isEqualTo(4);
        assertThat(partitions(t)).containsExactly(t + "_202402", t + "_202403", t + "_202404", t + "_default");
        assertThat(job.ensureAll().block()).isZero();

        sql("insert into " + t + " (month, amount_fen) values ('202403', 100), ('202405', 7)");
        assertThat(whereRowsAre(t)).containsExactly(t + "_202403 100", t + "_default 7");
    }

    @Test
    void severalInstancesAtOnceCreateEachPartitionOnceAndNoneFails() {
        String t = table("(at timestamptz not null, amount_fen bigint not null) partition by range (at)");
        List<Integer> made = Flux.range(0, 6)
                .flatMap(i -> job(t, KeyKind.TIMESTAMP, "2024-12-20T00:00:00Z", 3).ensureAll()
                        .subscribeOn(Schedulers.boundedElastic()))
                .collectList().block();

        assertThat(made).hasSize(6);
        assertThat(made.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat(partitions(t)).containsExactly(t + "_202412", t + "_202501", t + "_202502", t + "_202503",
                t + "_default");
        // China-time bounds: the last second of December in China belongs to December.
        sql("insert into " + t + " values ('2024-12-31T15:59:59Z', 1), ('2024-12-31T16:00:00Z', 2)");
        assertThat(whereRowsAre(t)).containsExactly(t + "_202412 1", t + "_202501 2");
    }

    @Test
    void aTableKeyedByVersion7IdsKeepsItsPrimaryKeyAndEachIdFindsItsMonth() {
        String t = table("(id uuid primary key, amount_fen bigint not null) partition by range (id)");
        job(t, KeyKind.UUIDV7, "2025-02-10T00:00:00Z", 1).ensureAll().block();
        UUID now = TimeOrderedUuid.next();
        // The last millisecond of February and the first of March, China time (1740758400000 = 1 March 00:00+08).
        sql("insert into " + t + " values ('" + v7(1_740_758_399_999L) + "', 1), ('" + v7(1_740_758_400_000L)
                + "', 2), ('" + now + "', 3)");
        assertThat(whereRowsAre(t)).containsExactly(t + "_202502 1", t + "_202503 2", t + "_default 3");
        assertThat(TimeOrderedUuid.millisOf(now)).isGreaterThan(1_740_758_400_000L);
    }

    static UUID v7(long millis) {
        return new UUID(millis << 16 | 0x7abcL, 0x8000_0000_0000_0001L);
    }

    @Test
    void rowsThatWaitedInTheDefaultMoveIntoTheirNewPartitionAndNoneIsLostOrDoubled() {
        String t = table("(id bigint generated always as identity, month text not null, amount_fen bigint not null,"
                + " unique (id, month)) partition by range (month)");
        job(t, KeyKind.YYYYMM, "2024-05-10T00:00:00Z", 0).ensureAll().block();
        sql("insert into " + t + " (month, amount_fen) select '202406', g from generate_series(1, 500) g");
        sql("insert into " + t + " (month, amount_fen) values ('202407', 9), ('202301', 3)");
        long before = sum(t);

        // A month later, one ahead: June and July are created and their rows leave the default; 2023 stays there.
        assertThat(job(t, KeyKind.YYYYMM, "2024-06-10T00:00:00Z", 1).ensureAll().block()).isEqualTo(2);

        assertThat(sum(t)).isEqualTo(before);
        assertThat(db.sql("select count(*) n, count(distinct id) ids from " + t + "_202406")
                .map(r -> r.get("n", Long.class) + "/" + r.get("ids", Long.class)).one().block()).isEqualTo("500/500");
        assertThat(db.sql("select month from " + t + "_default").map(r -> r.get(0, String.class)).all()
                .collectList().block()).containsExactly("202301");
        // Ids kept: a new row continues after the moved ones.
        sql("insert into " + t + " (month, amount_fen) values ('202406', 1)");
        assertThat(db.sql("select max(id) from " + t + "_202406").map(r -> r.get(0, Long.class)).one().block())
                .isEqualTo(503L);
    }

    @Test
    void aMonthWhoseStrandedRowsCannotMoveFailsAloneCountedAndTheOtherMonthsAndTablesAreDone() {
        String t = table("(month text not null, id int not null, amount_fen bigint not null, primary key (month, id))"
                + " partition by range (month)");
        job(t, KeyKind.YYYYMM, "2024-05-10T00:00:00Z", 0).ensureAll().block();
        sql("insert into " + t + " values ('202406', 1, 5), ('202407', 2, 7)");
        // June's row is referenced: PostgreSQL checks the key per partition, so moving it out of the default fails.
        String referencing = table("(month text not null, id int not null, foreign key (month, id) references " + t
                + ")");
        sql("insert into " + referencing + " values ('202406', 1)");
        String other = table("(month text not null, amount_fen bigint not null) partition by range (month)");
        long before = sum(t);
        MeterRegistry meters = new SimpleMeterRegistry();
        PartitionMaintenance job = job(List.of(new PartitionProperties.Table(t, KeyKind.YYYYMM),
                new PartitionProperties.Table(other, KeyKind.YYYYMM)), "2024-06-10T00:00:00Z", 1, meters);

        // July of the first table, then the default, June and July of the second: June of the first alone fails.
        assertThat(job.ensureAll().block()).isEqualTo(4);
        assertThat(partitions(t)).containsExactly(t + "_202405", t + "_202407", t + "_default");
        assertThat(partitions(other)).containsExactly(other + "_202406", other + "_202407", other + "_default");
        assertThat(whereRowsAre(t)).containsExactly(t + "_202407 7", t + "_default 5");
        assertThat(sum(t)).isEqualTo(before);
        assertThat(failures(meters, t)).isEqualTo(1.0);
        assertThat(failures(meters, other)).isZero();

        // Once nothing references the row, the next pass creates June and moves it; nothing else to do.
        sql("delete from " + referencing);
        assertThat(job.ensureAll().block()).isEqualTo(1);
        assertThat(whereRowsAre(t)).containsExactly(t + "_202406 5", t + "_202407 7");
        assertThat(failures(meters, t)).isEqualTo(1.0);
    }

    @Test
    void aTableNotPartitionedAsConfiguredFailsAloneAndTheNextIsDone() {
        String plain = table("(month text not null)");
        String other = table("(month text not null) partition by range (month)");
        MeterRegistry meters = new SimpleMeterRegistry();
        PartitionMaintenance job = job(List.of(new PartitionProperties.Table(plain, KeyKind.YYYYMM),
                new PartitionProperties.Table(other, KeyKind.YYYYMM)), "2024-06-10T00:00:00Z", 0, meters);

        assertThat(job.ensureAll().block()).isEqualTo(2);
        assertThat(partitions(other)).containsExactly(other + "_202406", other + "_default");
        assertThat(failures(meters, plain)).isEqualTo(1.0);
    }

    static double failures(MeterRegistry meters, String table) {
        return meters.get("mesh.partitions.failures").tag("table", table).counter().count();
    }

    static long sum(String t) {
        return db.sql("select coalesce(sum(amount_fen), 0)::bigint s, count(*) n from " + t)
                .map(r -> r.get("s", Long.class) * 1_000_000 + r.get("n", Long.class)).one().block();
    }

    static List<String> partitions(String t) {
        return db.sql("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = to_regclass(:t) order by c.relname""")
                .bind("t", t).map(r -> r.get(0, String.class)).all().collectList().block();
    }

    static List<String> whereRowsAre(String t) {
        return db.sql("select tableoid::regclass::text || ' ' || amount_fen from " + t + " order by 1")
                .map(r -> r.get(0, String.class)).all().collectList().block();
    }

    static void sql(String sql) {
        db.sql(sql).fetch().rowsUpdated().block();
    }
}
