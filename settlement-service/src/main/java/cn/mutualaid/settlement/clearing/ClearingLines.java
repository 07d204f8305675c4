package cn.mutualaid.settlement.clearing;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentLine;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.settlement.reconciliation.Reconciliation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns the wallet's captures and refunds into clearing lines, one per payment line. Runs inside the inbox
 * transaction of the event, so a redelivered event adds nothing.
 */
@Component
public class ClearingLines {
    private static final Logger log = LoggerFactory.getLogger(ClearingLines.class);

    private final DatabaseClient db;
    private final Reconciliation reconciliation;

    public ClearingLines(DatabaseClient db, Reconciliation reconciliation) {
        this.db = db;
        this.reconciliation = reconciliation;
    }

    /** Where a batch of lines was booked. */
    public record Booking(Period eventMonth, Period period, int lines) {
        public boolean late() {
            return !period.equals(eventMonth);
        }
    }

    public Mono<Booking> captured(UUID eventId, PaymentCaptured payment) {
        return record(eventId, Kind.CAPTURE, payment.paymentId(), payment.category(), payment.lines(), payment.at());
    }

    /** A refund is booked as negative lines in the month the refund happens; it is not a use. */
    public Mono<Booking> refunded(UUID eventId, PaymentRefunded refund) {
        return record(eventId, Kind.REFUND, refund.paymentId(), refund.category(), refund.lines(), refund.at());
    }

    enum Kind { CAPTURE, REFUND }

    private Mono<Booking> record(UUID eventId, Kind kind, String paymentId, PaymentCategory category,
            List<PaymentLine> lines, Instant at) {
        if (lines == null || lines.isEmpty()) {
            return Mono.empty();
        }
        Period eventMonth = Period.of(at);
        return bookingPeriod(eventMonth)
                .flatMap(period -> Flux.range(0, lines.size())
                        .concatMap(i -> insert(eventId, i, kind, paymentId, category, lines.get(i), at, eventMonth, period))
                        .then(Mono.just(new Booking(eventMonth, period, lines.size()))))
                .flatMap(booking -> {
                    if (!booking.late()) {
                        return Mono.just(booking);
                    }
                    log.info("late {} of payment {} for {} booked to {}", kind, paymentId, eventMonth, booking.period());
                    // The wallet's totals for the event month may already be in: check them again with this line.
                    return reconciliation.recheck(eventMonth).thenReturn(booking);
                });
    }

    /**
     * The month a line dated in {@code month} is booked to: that month while it is OPEN, else the first later month
     * still OPEN (the line is late). The month's row is read FOR SHARE and stays locked until commit, so a close
     * waits for this line. One statement in the usual case (the month exists): this runs once per captured payment.
     */
    private Mono<Period> bookingPeriod(Period month) {
        String p = month.toString();
        return lockedStatus(p)
                .switchIfEmpty(Mono.defer(() -> db.sql("insert into periods (period) values (:p) on conflict do nothing")
                        .bind("p", p).fetch().rowsUpdated()
                        .then(lockedStatus(p))))
                .flatMap(status -> "OPEN".equals(status) ? Mono.just(month) : bookingPeriod(month.next()));
    }

    private Mono<String> lockedStatus(String period) {
        return db.sql("select status from periods where period = :p for share").bind("p", period)
                .map(row -> row.get("status", String.class)).one();
    }

    private Mono<Long> insert(UUID eventId, int lineNo, Kind kind, String paymentId, PaymentCategory category,
            PaymentLine line, Instant at, Period eventMonth, Period period) {
        String fundProvince = line.fundProvince() != null ? line.fundProvince() : AidScope.provinceOf(line.fundPoolingArea());
        String spendProvince = line.spendProvince() != null ? line.spendProvince() : AidScope.provinceOf(line.spendPoolingArea());
        AidScope scope = line.scope() != null ? line.scope() : AidScope.between(line.fundPoolingArea(), line.spendPoolingArea());
        long amount = kind == Kind.CAPTURE ? line.amountFen() : -line.amountFen();
        return db.sql("""
                        insert into clearing_lines (event_id, line_no, kind, payment_id, fund_province, fund_area,
                            spend_province, spend_area, category, scope, amount_fen, uses, at, event_month, period, late)
                        values (:eventId, :lineNo, :kind, :paymentId, :fundProvince, :fundArea, :spendProvince, :spendArea,
                            :category, :scope, :amount, :uses, :at, :eventMonth, :period, :late)
                        on conflict (event_id, line_no) do nothing""")
                .bind("eventId", eventId)
                .bind("lineNo", lineNo)
                .bind("kind", kind.name())
                .bind("paymentId", paymentId)
                .bind("fundProvince", fundProvince)
                .bind("fundArea", line.fundPoolingArea())
                .bind("spendProvince", spendProvince)
                .bind("spendArea", line.spendPoolingArea())
                .bind("category", category.name())
                .bind("scope", scope.name())
                .bind("amount", amount)
                .bind("uses", kind == Kind.CAPTURE ? 1 : 0)
                .bind("at", at)
                .bind("eventMonth", eventMonth.toString())
                .bind("period", period.toString())
                .bind("late", !period.equals(eventMonth))
                .fetch().rowsUpdated();
    }
}
