package cn.mutualaid.settlement.clearing;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentLine;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.settlement.clearing.domain.Booking;
import cn.mutualaid.settlement.clearing.domain.ClearingLine;
import cn.mutualaid.settlement.clearing.domain.ClearingLine.Kind;
import cn.mutualaid.settlement.clearing.store.LineStore;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.period.domain.PeriodStatus;
import cn.mutualaid.settlement.period.store.PeriodStore;
import cn.mutualaid.settlement.reconciliation.ReconciliationService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns the wallet's captures and refunds into clearing lines, one per payment line. Runs inside the inbox
 * transaction of the event, so a redelivered event adds nothing.
 */
@Service
public record LineBooking(LineStore lines, PeriodStore periods, ReconciliationService reconciliation) {
    private static final Logger log = LoggerFactory.getLogger(LineBooking.class);

    public Mono<Booking> captured(UUID eventId, PaymentCaptured payment) {
        return Mono.defer(() -> record(eventId, Kind.CAPTURE, payment.paymentId(), payment.category(), payment.lines(),
                payment.at()));
    }

    /** A refund is booked as negative lines in the month the refund happens; it is not a use. */
    public Mono<Booking> refunded(UUID eventId, PaymentRefunded refund) {
        return Mono.defer(() -> record(eventId, Kind.REFUND, refund.paymentId(), refund.category(), refund.lines(),
                refund.at()));
    }

    private Mono<Booking> record(UUID eventId, Kind kind, String paymentId, PaymentCategory category,
            List<PaymentLine> paymentLines, Instant at) {
        if (paymentLines == null || paymentLines.isEmpty()) {
            return Mono.empty();
        }
        List<ClearingLine> booked = ClearingLine.of(kind, paymentId, category, paymentLines, at);
        Period eventMonth = Period.of(at);
        return bookingPeriod(eventMonth)
                .map(period -> new Booking(eventMonth, period, booked.size()))
                .flatMap(booking -> Flux.fromIterable(booked)
                        .concatMap(line -> lines.insert(eventId, line, booking))
                        .then(Mono.just(booking)))
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
        return periods.statusForShare(month)
                .switchIfEmpty(Mono.defer(() -> periods.ensure(month).then(periods.statusForShare(month))))
                .flatMap(status -> PeriodStatus.OPEN.equals(status) ? Mono.just(month) : bookingPeriod(month.next()));
    }
}
