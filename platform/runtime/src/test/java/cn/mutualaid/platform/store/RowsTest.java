package cn.mutualaid.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {
    /** A row holding fixed column values, answering {@code get(name, type)} as a driver would. */
    private static Readable row(Map<String, Object> values) {
        return new Readable() {
            @Override
            public <T> T get(int index, Class<T> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> T get(String name, Class<T> type) {
                return type.cast(values.get(name));
            }
        };
    }

    @Test
    void exactNumbersThatFitALongAreReadExactly() {
        Readable row = row(Map.of("sum", new BigDecimal("100000000000000"), "big", BigInteger.valueOf(7), "n", 3));
        assertThat(Rows.longOf(row, "sum")).isEqualTo(100_000_000_000_000L);
        assertThat(Rows.longOf(row, "big")).isEqualTo(7L);
        assertThat(Rows.longOf(row, "n")).isEqualTo(3L);
        assertThat(Rows.longOf(row, "absent")).isZero();
    }

    @Test
    void aSumBeyondALongOrWithAFractionFailsInsteadOfWrapping() {
        Readable row = row(Map.of("huge", new BigDecimal("9223372036854775808"), "fraction", new BigDecimal("1.5")));
        assertThatThrownBy(() -> Rows.longOf(row, "huge")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Rows.longOf(row, "fraction")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void timestampsAreUtcInstantsBothWays() {
        Instant at = Instant.parse("2024-12-01T08:00:00Z");
        Readable row = row(Map.of("at", OffsetDateTime.of(2024, 12, 1, 16, 0, 0, 0, ZoneOffset.ofHours(8))));
        assertThat(Rows.instant(row, "at")).isEqualTo(at);
        assertThat(Rows.instant(row, "none")).isNull();
        assertThat(Rows.utc(at).getOffset()).isEqualTo(ZoneOffset.UTC);
    }
}
