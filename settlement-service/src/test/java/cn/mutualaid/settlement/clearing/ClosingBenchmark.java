package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Not a timed test and not in the default run (tag "benchmark" is excluded in this module's pom): loads 1,000,000
 * clearing lines for one month with SQL (generate_series) and reports how long closing (freeze + national clearing
 * + statements + events) takes. Run it with
 * {@code mvn -B -o -pl settlement-service test -Dtest=ClosingBenchmark -DexcludedGroups=none}.
 */
@MeshTest
@Tag("benchmark")
class ClosingBenchmark {
    static final int LINES = Integer.getInteger("benchmark.lines", 1_000_000);
    static final String PERIOD = "201001";

    @Autowired ClearingService periods;
    @Autowired DatabaseClient db;

    @Test
    void closeAMonthOfAMillionLines() {
        long loadStart = System.nanoTime();
        db.sql("insert into periods (period) values ('" + PERIOD + "') on conflict do nothing").fetch().rowsUpdated().block();
        // The month's partition, as the platform's job creates it ahead in production (not the default partition).
        db.sql("create table if not exists clearing_lines_" + PERIOD + " partition of clearing_lines"
                + " for values from ('" + PERIOD + "') to ('201002')").fetch().rowsUpdated().block();
        // 31 province codes (610000..910000, apart from the other tests' provinces) x 4 pooling areas; 70% of lines
        // stay within the province, the rest cross borders.
        db.sql("""
                insert into clearing_lines (event_id, line_no, kind, payment_id, fund_province, fund_area, spend_province,
                    spend_area, category, scope, amount_fen, uses, at, event_month, period, late)
                select gen_random_uuid(), 0, 'CAPTURE', 'bench-' || g, fp || '0000', fp || '0' || fa || '00',
                       sp || '0000', sp || '0' || sa || '00',
                       (array['MEDICAL_INSTITUTION', 'RETAIL_PHARMACY', 'RESIDENT_CONTRIBUTION', 'LTC_CONTRIBUTION'])[1 + g % 4],
                       case when fp = sp and fa = sa then 'SAME_AREA' when fp = sp then 'INTRA_PROVINCE' else 'CROSS_PROVINCE' end,
                       100 + (g * 7919) % 50000, 1,
                       timestamptz '2010-01-01 00:00:00+08' + ((g * 37) % 2678400) * interval '1 second',
                       :period, :period, false
                from (select g, 61 + (g * 13) % 31 fp, 1 + (g * 7) % 4 fa,
                             case when g % 10 < 7 then 61 + (g * 13) % 31 else 61 + (g * 17) % 31 end sp,
                             1 + (g * 11) % 4 sa
                      from generate_series(1::bigint, :lines::bigint) g) x""")
                .bind("period", PERIOD).bind("lines", LINES)
                .fetch().rowsUpdated().block();
        db.sql("analyze clearing_lines").fetch().rowsUpdated().block();
        long loadMs = (System.nanoTime() - loadStart) / 1_000_000;

        long closeStart = System.nanoTime();
        PeriodView view = periods.close(Period.parse(PERIOD)).block();
        long closeMs = (System.nanoTime() - closeStart) / 1_000_000;

        assertThat(view.status()).isEqualTo("CLEARED");
        assertThat(view.uses()).isEqualTo(LINES);
        System.out.printf("%nBENCHMARK settlement close: %,d lines loaded in %,d ms; close (freeze + clearing + "
                + "%d statements + events) took %,d ms; %,d fen cross-province%n%n",
                LINES, loadMs, view.statements().issued(), closeMs, view.crossProvinceFen());
    }
}
