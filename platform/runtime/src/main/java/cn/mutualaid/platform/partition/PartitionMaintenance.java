package cn.mutualaid.platform.partition;

import cn.mutualaid.platform.work.PeriodicWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates the partitions of tables partitioned by month ahead of need: the current month's and the next
 * {@code mesh.partitions.months-ahead}, plus the default partition that catches a row outside every month created.
 * Runs once at start (before consumers and requests write) and then every {@code interval}.
 *
 * <p>Safe with any number of instances: the default partition of a table, then each missing month, is done in its own
 * transaction that first takes a transaction-level advisory lock named after the table, so a second instance waits,
 * then finds the partition there and does nothing. When every partition exists a pass only reads the catalog: no DDL,
 * no table lock.
 *
 * <p>Rows that landed in the default partition for a month before its partition existed are moved into it in the
 * same transaction as the partition's creation (PostgreSQL refuses a partition whose range the default already
 * holds rows of): deleted from the default, the partition created, inserted through the parent, all or nothing.
 *
 * <p>A month that cannot be done (its stranded rows refused by a foreign key, its table lock not had in time, a table
 * not partitioned as configured) is rolled back alone, logged and counted ({@code mesh.partitions.failures}, tagged
 * with the table), and tried again next pass: the other months and tables of the pass are done all the same.
 */
public class PartitionMaintenance extends PeriodicWork {
    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Pattern RANGE_KEY = Pattern.compile("RANGE \\(([a-z_][a-z0-9_]*)\\)");

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final PartitionProperties properties;
    private final MeterRegistry meters;

    public PartitionMaintenance(DatabaseClient db, TransactionalOperator tx, Clock clock,
            PartitionProperties properties, MeterRegistry meters) {
        super("partition maintenance", properties.interval());
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
        // Registered at zero for every table: an alert on its increase sees the first failure.
        properties.tables().forEach(this::failures);
    }

    @Override
    protected Mono<?> pass() {
        return ensureAll();
    }

    /** One pass before the periodic ones, waited for: a failure is logged and retried on the schedule. */
    @Override
    public synchronized void start() {
        if (!isRunning() && !properties.tables().isEmpty()) {
            try {
                warnWithoutAutovacuum().then(ensureAll()).block(STARTUP_WAIT);
            } catch (RuntimeException e) {
                log.warn("partitions not ensured at start, will retry: {}", e.toString());
            }
        }
        super.start();
    }

    /**
     * A month's partition is created empty and filled while the service runs; only autovacuum's analyze tells the
     * planner it grew. Without it, plans a long-lived connection cached while the partition was small (the foreign-key
     * checks' among them) scan the whole partition on every payment for as long as the connection lives: measured,
     * PostgreSQL's CPU per payment rose from 4.2 to 12.1 ms within minutes, 1.9 on new connections (tools/load/README.md,
     * run 23).
     */
    private Mono<Void> warnWithoutAutovacuum() {
        return db.sql("select current_setting('autovacuum')").map(row -> row.get(0, String.class)).one()
                .filter("off"::equals)
                .doOnNext(off -> log.warn("autovacuum is off on this PostgreSQL server: nothing analyzes the tables"
                        + " as they grow (the monthly partitions of {}, the outbox), and plans that connections cached"
                        + " while they were small scan them whole; turn autovacuum on (the default) or analyze them on a"
                        + " schedule", properties.tables().stream().map(PartitionProperties.Table::name)
                        .collect(Collectors.joining(", "))))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    /**
     * Before Spring Cloud Stream's input bindings (phase {@code Integer.MAX_VALUE - 3000}), the outbox relay and the
     * web server: the first pass has run when the first consumed or requested row is written. The job writes nothing
     * for the relay to send, so it need not share the relay's phase.
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4000;
    }

    /** @return how many partitions were created, over every configured table */
    public Mono<Integer> ensureAll() {
        return Flux.fromIterable(properties.tables()).concatMap(this::ensure).reduce(0, Integer::sum);
    }

    /**
     * @return how many partitions of {@code table} were created; a month (or the table) that failed is logged and
     *         counted, not returned as an error, so that the tables after it are done as well
     */
    public Mono<Integer> ensure(PartitionProperties.Table table) {
        List<MonthlyPartition> due = MonthlyPartition.due(clock.instant(), properties.zone(), properties.monthsAhead())
                .stream().map(month -> new MonthlyPartition(table.name(), month)).toList();
        Mono<Integer> defaultPartition = locked(table, existing(table).flatMap(present ->
                present.contains(table.defaultPartition()) ? Mono.just(0)
                        : run("create table if not exists " + table.defaultPartition() + " partition of "
                                + table.name() + " default").thenReturn(1)));
        return keyColumn(table).flatMap(key -> defaultPartition.flatMap(made -> Flux.fromIterable(due)
                        .concatMap(p -> locked(table, exists(p).flatMap(there -> there ? Mono.just(0)
                                        : create(table, key, p).thenReturn(1)))
                                .onErrorResume(e -> failed(table, p.month(), e)))
                        .reduce(made, Integer::sum)))
                .onErrorResume(e -> failed(table, null, e))
                .doOnNext(made -> {
                    if (made > 0) {
                        log.info("{}: {} partition(s) created", table.name(), made);
                    }
                });
    }

    /** {@code work} in a transaction of its own that first takes the table's advisory lock. */
    private <T> Mono<T> locked(PartitionProperties.Table table, Mono<T> work) {
        return tx.transactional(Mono.defer(() -> run("set local lock_timeout = " + properties.lockTimeout().toMillis())
                .then(db.sql("select pg_advisory_xact_lock(hashtext('mesh.partitions'), hashtext(:t))")
                        .bind("t", table.name()).fetch().rowsUpdated())
                .then(work)));
    }

    /** A month (or, {@code month} null, the table) not done this pass: rolled back, logged, counted; none created. */
    private Mono<Integer> failed(PartitionProperties.Table table, YearMonth month, Throwable error) {
        failures(table).increment();
        log.warn("{}{}: partition not ensured, will retry next pass: {}", table.name(),
                month == null ? "" : " " + month, error.toString());
        return Mono.just(0);
    }

    private Counter failures(PartitionProperties.Table table) {
        return Counter.builder("mesh.partitions.failures")
                .description("months (or tables) whose partition the job could not ensure in a pass; retried next pass")
                .tag("table", table.name()).register(meters);
    }

    private Mono<Boolean> exists(MonthlyPartition partition) {
        return db.sql("""
                        select exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
                                       where i.inhparent = to_regclass(:t) and c.relname = :p) e""")
                .bind("t", partition.table()).bind("p", partition.name())
                .map(row -> Boolean.TRUE.equals(row.get("e", Boolean.class))).one();
    }

    /** The range key's column, or an error naming the table when it is not partitioned by range on one column. */
    private Mono<String> keyColumn(PartitionProperties.Table table) {
        return db.sql("select coalesce(pg_get_partkeydef(to_regclass(:t)), '') k").bind("t", table.name())
                .map(row -> row.get("k", String.class)).one()
                .flatMap(definition -> {
                    Matcher m = RANGE_KEY.matcher(definition);
                    return m.matches() ? Mono.just(m.group(1)) : Mono.error(new IllegalStateException(
                            table.name() + " is not partitioned by range on one column: '" + definition + "'"));
                });
    }

    private Mono<Set<String>> existing(PartitionProperties.Table table) {
        return db.sql("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = to_regclass(:t)""")
                .bind("t", table.name()).map(row -> row.get("relname", String.class)).all()
                .collect(Collectors.toSet());
    }

    private Mono<Void> create(PartitionProperties.Table table, String key, MonthlyPartition partition) {
        String inRange = key + " >= " + partition.from(table.key(), properties.zone())
                + " and " + key + " < " + partition.to(table.key(), properties.zone());
        String ddl = partition.createSql(table.key(), properties.zone());
        return db.sql("select exists (select 1 from " + table.defaultPartition() + " where " + inRange + ") e")
                .map(row -> Boolean.TRUE.equals(row.get("e", Boolean.class))).one()
                .flatMap(stranded -> !stranded ? run(ddl) : run("create temp table mesh_partition_moving (like "
                        + table.name() + ") on commit drop")
                        .then(db.sql("with moved as (delete from " + table.defaultPartition() + " where " + inRange
                                + " returning *) insert into mesh_partition_moving select * from moved")
                                .fetch().rowsUpdated())
                        .flatMap(moved -> run(ddl)
                                .then(db.sql("insert into " + table.name()
                                        + " overriding system value select * from mesh_partition_moving")
                                        .fetch().rowsUpdated())
                                .flatMap(back -> {
                                    if (!back.equals(moved)) {
                                        return Mono.error(new IllegalStateException(table.name() + ": moved " + moved
                                                + " row(s) out of the default partition but " + back + " back"));
                                    }
                                    log.warn("{}: {} row(s) of {} moved from {} into its new partition", table.name(),
                                            moved, partition.month(), table.defaultPartition());
                                    return run("drop table mesh_partition_moving");
                                })));
    }

    private Mono<Void> run(String sql) {
        return db.sql(sql).fetch().rowsUpdated().then();
    }
}
