package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.kernel.PoolingArea;
import cn.mutualaid.platform.observability.DatabaseGauges;
import cn.mutualaid.settlement.clearing.domain.Booking;
import cn.mutualaid.settlement.clearing.domain.ClearingLine;
import cn.mutualaid.settlement.clearing.store.LineStore;
import cn.mutualaid.settlement.clearing.store.LineStore.BookedLine;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * clearing_lines partitioned by event month (V3): the months ahead exist from the service's start, a line lives in
 * its event month's partition, the idempotency key still refuses a second copy of a line even when that copy would
 * be booked to another period, and rows outside every month show on the gauge the alert watches.
 */
@MeshTest
class ClearingLinePartitionsIT {
    @Autowired DatabaseClient db;
    @Autowired LineStore lines;
    @Autowired DatabaseGauges gauges;
    @Autowired MeterRegistry meters;

    @Test
    void theCurrentMonthAndThreeAheadHaveTheirPartitionFromTheStart() {
        YearMonth now = YearMonth.now(ZoneId.of("Asia/Shanghai"));
        List<String> expected = IntStream.rangeClosed(0, 3)
                .mapToObj(i -> "clearing_lines_" + new Period(now.plusMonths(i))).toList();
        assertThat(partitions()).containsAll(expected).contains("clearing_lines_default");
    }

    @Test
    void aLineLivesInItsEventMonthAndARedeliveryBookedToALaterMonthAddsNothing() {
        Period month = new Period(YearMonth.now(ZoneId.of("Asia/Shanghai")).plusMonths(2));
        UUID event = UUID.randomUUID();
        ClearingLine line = line(month.start().plusSeconds(3_600), 4_321);

        lines.insertAll(List.of(new BookedLine(event, line, new Booking(month, month, 1)))).block();
        // The same event again, as if its month had closed meanwhile (the inbox aside): booked late, one month on.
        lines.insertAll(List.of(new BookedLine(event, line, new Booking(month, month.next(), 1)))).block();

        assertThat(db.sql("select tableoid::regclass::text || ' ' || period || ' ' || amount_fen from clearing_lines"
                        + " where event_id = :e").bind("e", event).map(r -> r.get(0, String.class)).all()
                .collectList().block()).containsExactly("clearing_lines_" + month + " " + month + " 4321");
    }

    @Test
    void linesOutsideEveryMonthCreatedLandInTheDefaultAndShowOnTheGauge() {
        Period far = new Period(YearMonth.of(2099, 3));
        UUID event = UUID.randomUUID();
        lines.insertAll(List.of(new BookedLine(event, line(far.start().plusSeconds(60), 5), new Booking(far, far, 1))))
                .block();

        gauges.refresh().block();

        long inDefault = db.sql("select count(*) from clearing_lines_default").map(r -> r.get(0, Long.class)).one()
                .block();
        assertThat(inDefault).isPositive();
        assertThat(meters.get("mesh.partitions.default.rows").gauge().value()).isEqualTo((double) inDefault);
        assertThat(db.sql("select tableoid::regclass::text from clearing_lines where event_id = :e").bind("e", event)
                .map(r -> r.get(0, String.class)).one().block()).isEqualTo("clearing_lines_default");
    }

    private static ClearingLine line(Instant at, long fen) {
        return new ClearingLine(0, ClearingLine.Kind.CAPTURE, "part-" + UUID.randomUUID(), PoolingArea.of("320500"),
                "320000", PoolingArea.of("410100"), "410000", PaymentCategory.RETAIL_PHARMACY,
                AidScope.CROSS_PROVINCE, fen, 1, at);
    }

    private List<String> partitions() {
        return db.sql("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = 'clearing_lines'::regclass""")
                .map(r -> r.get(0, String.class)).all().collectList().block();
    }
}
