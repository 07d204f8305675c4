package cn.mutualaid.settlement.clearing.store;

import cn.mutualaid.settlement.clearing.domain.Booking;
import cn.mutualaid.settlement.clearing.domain.ClearingLine;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Clearing lines, append-only; (event id, line number) is unique, so a redelivered event adds nothing. */
@Component
public record LineStore(DatabaseClient db) {
    public Mono<Void> insert(UUID eventId, ClearingLine line, Booking booking) {
        return db.sql("""
                        insert into clearing_lines (event_id, line_no, kind, payment_id, fund_province, fund_area,
                            spend_province, spend_area, category, scope, amount_fen, uses, at, event_month, period, late)
                        values (:eventId, :lineNo, :kind, :paymentId, :fundProvince, :fundArea, :spendProvince, :spendArea,
                            :category, :scope, :amount, :uses, :at, :eventMonth, :period, :late)
                        on conflict (event_id, line_no) do nothing""")
                .bind("eventId", eventId)
                .bind("lineNo", line.lineNo())
                .bind("kind", line.kind().name())
                .bind("paymentId", line.paymentId())
                .bind("fundProvince", line.fundProvince())
                .bind("fundArea", line.fundArea().code())
                .bind("spendProvince", line.spendProvince())
                .bind("spendArea", line.spendArea().code())
                .bind("category", line.category().name())
                .bind("scope", line.scope().name())
                .bind("amount", line.amountFen())
                .bind("uses", line.uses())
                .bind("at", line.at())
                .bind("eventMonth", booking.eventMonth().toString())
                .bind("period", booking.period().toString())
                .bind("late", booking.late())
                .fetch().rowsUpdated().then();
    }
}
