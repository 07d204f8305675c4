package cn.mutualaid.platform.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.platform.partition.MonthlyPartition.KeyKind;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MonthlyPartitionTest {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Test
    void theCurrentMonthAndThoseAheadRollOverTheYear() {
        assertThat(MonthlyPartition.due(Instant.parse("2024-11-15T00:00:00Z"), CHINA, 3)).containsExactly(
                YearMonth.of(2024, 11), YearMonth.of(2024, 12), YearMonth.of(2025, 1), YearMonth.of(2025, 2));
        assertThat(MonthlyPartition.due(Instant.parse("2024-11-15T00:00:00Z"), CHINA, 0))
                .containsExactly(YearMonth.of(2024, 11));
        assertThatThrownBy(() -> MonthlyPartition.due(Instant.now(), CHINA, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMonthIsTheZonesNotUtcs() {
        // 17:30 UTC on 31 January is 01:30 on 1 February in China: February is current, January no longer due.
        assertThat(MonthlyPartition.due(Instant.parse("2024-01-31T17:30:00Z"), CHINA, 1))
                .containsExactly(YearMonth.of(2024, 2), YearMonth.of(2024, 3));
        assertThat(MonthlyPartition.due(Instant.parse("2024-01-31T15:59:59Z"), CHINA, 0))
                .containsExactly(YearMonth.of(2024, 1));
    }

    @Test
    void boundsRunFromTheMonthIncludedToTheNextExcluded() {
        MonthlyPartition december = new MonthlyPartition("clearing_lines", YearMonth.of(2024, 12));
        assertThat(december.name()).isEqualTo("clearing_lines_202412");
        assertThat(december.from(KeyKind.YYYYMM, CHINA)).isEqualTo("'202412'");
        assertThat(december.to(KeyKind.YYYYMM, CHINA)).isEqualTo("'202501'");
        assertThat(december.from(KeyKind.TIMESTAMP, CHINA)).isEqualTo("'2024-12-01T00:00+08:00'::timestamptz");
        assertThat(december.to(KeyKind.TIMESTAMP, CHINA)).isEqualTo("'2025-01-01T00:00+08:00'::timestamptz");
        assertThat(december.createSql(KeyKind.YYYYMM, CHINA)).isEqualTo("create table if not exists "
                + "clearing_lines_202412 partition of clearing_lines for values from ('202412') to ('202501')");
    }

    @Test
    void aVersion7UuidBoundIsTheSmallestIdOfTheMonthsFirstMillisecond() {
        MonthlyPartition march = new MonthlyPartition("payment", YearMonth.of(2025, 3));
        // 2025-03-01T00:00+08:00 = 2025-02-28T16:00Z = 1740758400000 ms = 0x01954d493c00
        assertThat(march.from(KeyKind.UUIDV7, CHINA)).isEqualTo("'01954d49-3c00-0000-0000-000000000000'::uuid");
        java.util.UUID lastOfFebruary = new java.util.UUID((1740758400000L - 1) << 16 | 0x7fffL, -1L);
        java.util.UUID firstOfMarch = new java.util.UUID(1740758400000L << 16 | 0x7000L, 0x8000000000000000L);
        String bound = march.from(KeyKind.UUIDV7, CHINA).substring(1, 37);
        assertThat(lastOfFebruary.toString()).isLessThan(bound);
        assertThat(firstOfMarch.toString()).isGreaterThanOrEqualTo(bound);
    }

    @Test
    void februaryOfALeapYearEndsAtTheFirstOfMarch() {
        MonthlyPartition february = new MonthlyPartition("journal_entries", YearMonth.of(2028, 2));
        assertThat(february.to(KeyKind.TIMESTAMP, ZoneId.of("UTC"))).isEqualTo("'2028-03-01T00:00Z'::timestamptz");
    }

    @Test
    void onlyPlainTableNamesReachTheDdl() {
        assertThatThrownBy(() -> new MonthlyPartition("lines; drop table x", YearMonth.of(2024, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionProperties.Table("Clearing_Lines", KeyKind.YYYYMM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionProperties.Table("x".repeat(56), KeyKind.YYYYMM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PartitionProperties.Table("clearing_lines", KeyKind.YYYYMM).defaultPartition())
                .isEqualTo("clearing_lines_default");
    }
}
