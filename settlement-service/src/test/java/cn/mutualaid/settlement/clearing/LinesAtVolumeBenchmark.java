package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.kernel.PoolingArea;
import cn.mutualaid.settlement.clearing.domain.Booking;
import cn.mutualaid.settlement.clearing.domain.ClearingLine;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.clearing.store.LineStore;
import cn.mutualaid.settlement.clearing.store.LineStore.BookedLine;
import cn.mutualaid.settlement.clearing.store.SummaryStore;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.Timings;
import cn.mutualaid.testing.Timings.Timing;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Not in the default run (tag "benchmark"): what the current month costs while clearing_lines fills up. Measures a
 * poll's insert (a batch of 20 lines), the idempotency key's lookup of one line and an OPEN month's running totals
 * with {@value #CURRENT} lines in the current month and nothing else, then again after {@code benchmark.background}
 * lines (default 10,000,000) of {@code benchmark.months} earlier months were loaded with SQL. Partitioned by event
 * month, the current month's work touches its own partition only, so the figures should not move. Run it with
 * {@code mvn -B -pl settlement-service test -Dtest=LinesAtVolumeBenchmark -DexcludedGroups=none}.
 */
@MeshTest
@Tag("benchmark")
class LinesAtVolumeBenchmark {
    static final int CURRENT = 10_000;
    static final long BACKGROUND = Long.getLong("benchmark.background", 10_000_000L);
    static final int MONTHS = Integer.getInteger("benchmark.months", 60);
    static final int ROUNDS = 200;
    /** Months apart from every other test's (2011-2016 background, 2017-01 current). */
    static final YearMonth FIRST = YearMonth.of(2011, 1);
    static final Period NOW = new Period(YearMonth.of(2017, 1));

    @Autowired DatabaseClient db;
    @Autowired LineStore lines;
    @Autowired SummaryStore summaries;

    @Test
    void theCurrentMonthCostsTheSameWithTenMillionLinesInTheTable() {
        assertThat(MONTHS).isBetween(1, 72);
        partition(NOW.month());
        load(NOW.month(), CURRENT);
        List<UUID> current = db.sql("select event_id from " + partitionOf(NOW.month())).map(r -> r.get(0, UUID.class))
                .all().collectList().block();
        Figures small = measure(current);

        long loadStart = System.nanoTime();
        for (int m = 0; m < MONTHS; m++) {
            partition(FIRST.plusMonths(m));
            load(FIRST.plusMonths(m), BACKGROUND / MONTHS);
        }
        db.sql("analyze clearing_lines").fetch().rowsUpdated().block();
        long loadSeconds = (System.nanoTime() - loadStart) / 1_000_000_000;
        long total = db.sql("select count(*) from clearing_lines").map(r -> r.get(0, Long.class)).one().block();
        Figures large = measure(current);

        System.out.printf("%nBENCHMARK clearing_lines by month: %,d background lines in %d months loaded in %,d s; "
                + "%,d lines in the table%n  %-34s %s%n  %-34s %s%n%n", BACKGROUND, MONTHS, loadSeconds, total,
                "current month only (" + CURRENT + "):", small, "after the background load:", large);
        assertThat(total).isGreaterThanOrEqualTo(BACKGROUND);
        // Generous (a shared machine): a thousand times the lines, and not three times slower.
        assertThat(large.insert().p50()).isLessThan(3 * small.insert().p50() + 5);
        assertThat(large.lookup().p50()).isLessThan(3 * small.lookup().p50() + 5);
    }

    record Figures(Timing insert, Timing lookup, Timing totals) {
        @Override
        public String toString() {
            return "insert of 20 lines " + insert + " | lookup by key " + lookup + " | month totals " + totals;
        }
    }

    private Figures measure(List<UUID> current) {
        Timing insert = Timings.time(10, ROUNDS, () -> {
            Booking booking = new Booking(NOW, NOW, 20);
            List<BookedLine> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(new BookedLine(UUID.randomUUID(), line(), booking));
            }
            return lines.insertAll(batch).thenReturn(1).block();
        });
        Timing lookup = Timings.time(10, ROUNDS, () -> db.sql("""
                        select amount_fen from clearing_lines
                        where event_id = :e and line_no = 0 and event_month = :m""")
                .bind("e", current.get((int) (Math.random() * current.size()))).bind("m", NOW.toString())
                .map(r -> r.get(0, Long.class)).one().block());
        PeriodView base = new PeriodView(NOW.toString(), "OPEN", 0, 0, 0, 0, 0, null, null, null, null, null,
                List.of());
        Timing totals = Timings.time(10, 20, () -> summaries.runningTotals(base).block());
        return new Figures(insert, lookup, totals);
    }

    private static ClearingLine line() {
        return new ClearingLine(0, ClearingLine.Kind.CAPTURE, "bench-" + UUID.randomUUID(), PoolingArea.of("620100"),
                "620000", PoolingArea.of("630100"), "630000", PaymentCategory.MEDICAL_INSTITUTION,
                AidScope.CROSS_PROVINCE, 1_234, 1, NOW.start().plusSeconds(3_600));
    }

    private static String partitionOf(YearMonth month) {
        return "clearing_lines_" + new Period(month);
    }

    /** As the platform's job does it ahead of time. */
    private void partition(YearMonth month) {
        db.sql("create table if not exists " + partitionOf(month) + " partition of clearing_lines for values from ('"
                + new Period(month) + "') to ('" + new Period(month.plusMonths(1)) + "')").fetch().rowsUpdated().block();
    }

    private void load(YearMonth month, long count) {
        Period p = new Period(month);
        db.sql("""
                insert into clearing_lines (event_id, line_no, kind, payment_id, fund_province, fund_area, spend_province,
                    spend_area, category, scope, amount_fen, uses, at, event_month, period, late)
                select gen_random_uuid(), 0, 'CAPTURE', 'bench-' || g, fp || '0000', fp || '0100', sp || '0000',
                       sp || '0100', 'MEDICAL_INSTITUTION', case when fp = sp then 'SAME_AREA' else 'CROSS_PROVINCE' end,
                       100 + (g * 7919) % 50000, 1, :start::timestamptz + ((g * 37) % 2419200) * interval '1 second',
                       :p, :p, false
                from (select g, 61 + (g * 13) % 31 fp, 61 + (g * 17) % 31 sp
                      from generate_series(1::bigint, :n::bigint) g) x""")
                .bind("start", p.start().toString()).bind("p", p.toString()).bind("n", count)
                .fetch().rowsUpdated().block();
    }
}
