package cn.mutualaid.settlement.clearing.store;

import cn.mutualaid.settlement.clearing.domain.Booking;
import cn.mutualaid.settlement.clearing.domain.ClearingLine;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Clearing lines, append-only; (event id, line number) is unique, so a redelivered event adds nothing (the constraint
 * also names the event month, the table's partition key: an event's month is fixed by its time, so it is the same
 * key). Many lines go in as one statement: one array per column, unnested into rows.
 */
@Component
public record LineStore(DatabaseClient db) {
    /** A line of an event, and where it was booked. */
    public record BookedLine(UUID eventId, ClearingLine line, Booking booking) {
        /** A line of an event before its month is known. */
        public record Unbooked(UUID eventId, ClearingLine line) {
            public BookedLine in(Booking booking) {
                return new BookedLine(eventId, line, booking);
            }
        }
    }

    public Mono<Void> insertAll(List<BookedLine> lines) {
        if (lines.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        insert into clearing_lines (event_id, line_no, kind, payment_id, fund_province, fund_area,
                            spend_province, spend_area, category, scope, amount_fen, uses, at, event_month, period, late)
                        select event_id, line_no, kind, payment_id, fund_province, fund_area, spend_province,
                            spend_area, category, scope, amount_fen, uses, at::timestamptz, event_month, period, late
                        from unnest(:eventId::uuid[], :lineNo::int[], :kind::text[], :paymentId::text[],
                            :fundProvince::text[], :fundArea::text[], :spendProvince::text[], :spendArea::text[],
                            :category::text[], :scope::text[], :amount::bigint[], :uses::int[], :at::text[],
                            :eventMonth::text[], :period::text[], :late::boolean[])
                            as l(event_id, line_no, kind, payment_id, fund_province, fund_area, spend_province,
                                spend_area, category, scope, amount_fen, uses, at, event_month, period, late)
                        on conflict (event_id, line_no, event_month) do nothing""")
                .bind("eventId", column(lines, BookedLine::eventId, UUID[]::new))
                .bind("lineNo", column(lines, l -> l.line().lineNo(), Integer[]::new))
                .bind("kind", column(lines, l -> l.line().kind().name(), String[]::new))
                .bind("paymentId", column(lines, l -> l.line().paymentId(), String[]::new))
                .bind("fundProvince", column(lines, l -> l.line().fundProvince(), String[]::new))
                .bind("fundArea", column(lines, l -> l.line().fundArea().code(), String[]::new))
                .bind("spendProvince", column(lines, l -> l.line().spendProvince(), String[]::new))
                .bind("spendArea", column(lines, l -> l.line().spendArea().code(), String[]::new))
                .bind("category", column(lines, l -> l.line().category().name(), String[]::new))
                .bind("scope", column(lines, l -> l.line().scope().name(), String[]::new))
                .bind("amount", column(lines, l -> l.line().amountFen(), Long[]::new))
                .bind("uses", column(lines, l -> l.line().uses(), Integer[]::new))
                // As text: an ISO-8601 instant is read exactly by timestamptz, whatever the driver does with arrays
                // of instants.
                .bind("at", column(lines, l -> l.line().at().toString(), String[]::new))
                .bind("eventMonth", column(lines, l -> l.booking().eventMonth().toString(), String[]::new))
                .bind("period", column(lines, l -> l.booking().period().toString(), String[]::new))
                .bind("late", column(lines, l -> l.booking().late(), Boolean[]::new))
                .fetch().rowsUpdated().then();
    }

    private static <T> T[] column(List<BookedLine> lines, Function<BookedLine, T> value, IntFunction<T[]> array) {
        return lines.stream().map(value).toArray(array);
    }
}
