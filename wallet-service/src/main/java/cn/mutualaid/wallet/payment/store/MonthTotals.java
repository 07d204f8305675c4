package cn.mutualaid.wallet.payment.store;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.MonthTotal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The wallet's own totals of a month, for settlement to reconcile against: per (fund province, spend province,
 * category), the captured and refunded fen, by capture and refund time in China time (Asia/Shanghai).
 * {@code captures} counts distinct payments with a line in the cell, {@code refunds} distinct refunds. Computed by
 * SQL aggregation over payment lines and refund lines.
 */
@Component
public record MonthTotals(DatabaseClient db) {
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMM");

    /** "202601" (the API's form) or "2026-01". */
    public static YearMonth parse(String period) {
        try {
            return period.contains("-") ? YearMonth.parse(period) : YearMonth.parse(period, COMPACT);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("period must be yyyyMM or yyyy-MM: " + period, e);
        }
    }

    private record Cell(String fundProvince, String spendProvince, String category) implements Comparable<Cell> {
        @Override
        public int compareTo(Cell o) {
            return (fundProvince + spendProvince + category).compareTo(o.fundProvince + o.spendProvince + o.category);
        }
    }

    public Mono<List<MonthTotal>> of(YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay(CHINA).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(CHINA).toInstant();
        Map<Cell, long[]> cells = new TreeMap<>();
        Mono<Void> captured = db.sql("""
                        select l.fund_province, l.spend_province, p.category,
                               sum(l.amount_fen) as fen, count(distinct p.payment_id) as n
                        from payment p join payment_line l on l.payment_id = p.payment_id
                        where p.captured_at >= :from and p.captured_at < :to
                        group by l.fund_province, l.spend_province, p.category""")
                .bind("from", from).bind("to", to)
                .map(row -> {
                    long[] c = cells.computeIfAbsent(cell(row), k -> new long[4]);
                    c[0] = row.get("fen", Long.class);
                    c[2] = row.get("n", Long.class);
                    return c;
                }).all().then();
        Mono<Void> refunded = db.sql("""
                        select rl.fund_province, rl.spend_province, p.category,
                               sum(rl.amount_fen) as fen, count(distinct r.refund_id) as n
                        from refund r join refund_line rl on rl.refund_id = r.refund_id
                        join payment p on p.payment_id = r.payment_id
                        where r.created_at >= :from and r.created_at < :to
                        group by rl.fund_province, rl.spend_province, p.category""")
                .bind("from", from).bind("to", to)
                .map(row -> {
                    long[] c = cells.computeIfAbsent(cell(row), k -> new long[4]);
                    c[1] = row.get("fen", Long.class);
                    c[3] = row.get("n", Long.class);
                    return c;
                }).all().then();
        return captured.then(refunded).then(Mono.fromSupplier(() -> {
            List<MonthTotal> totals = new ArrayList<>();
            cells.forEach((cell, c) -> totals.add(new MonthTotal(cell.fundProvince(), cell.spendProvince(),
                    PaymentCategory.valueOf(cell.category()), c[0], c[1], c[2], c[3])));
            return totals;
        }));
    }

    private static Cell cell(io.r2dbc.spi.Readable row) {
        return new Cell(row.get("fund_province", String.class), row.get("spend_province", String.class),
                row.get("category", String.class));
    }
}
