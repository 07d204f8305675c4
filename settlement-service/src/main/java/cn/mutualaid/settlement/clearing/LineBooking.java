package cn.mutualaid.settlement.clearing;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentLine;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.settlement.clearing.domain.Booking;
import cn.mutualaid.settlement.clearing.domain.ClearingLine;
import cn.mutualaid.settlement.clearing.domain.ClearingLine.Kind;
import cn.mutualaid.settlement.clearing.store.LineStore;
import cn.mutualaid.settlement.clearing.store.LineStore.BookedLine;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.period.domain.PeriodStatus;
import cn.mutualaid.settlement.period.store.PeriodStore;
import cn.mutualaid.settlement.reconciliation.ReconciliationService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns the wallet's captures and refunds into clearing lines, one per payment line. Runs inside the inbox
 * transaction of the events, so a redelivered event adds nothing. A poll's movements are booked together: one
 * statement per month they fall in (usually one) to find and lock the month they count in, one statement for all
 * their lines.
 */
@Service
public record LineBooking(LineStore lines, PeriodStore periods, ReconciliationService reconciliation) {
    private static final Logger log = LoggerFactory.getLogger(LineBooking.class);

    /** A capture or refund the wallet reported, with the id of the event that carried it. */
    public record Movement(UUID eventId, Kind kind, String paymentId, PaymentCategory category,
            List<PaymentLine> lines, Instant at) {

        public static Movement captured(UUID eventId, PaymentCaptured payment) {
            return new Movement(eventId, Kind.CAPTURE, payment.paymentId(), payment.category(), payment.lines(),
                    payment.at());
        }

        /** A refund is booked as negative lines in the month the refund happens; it is not a use. */
        public static Movement refunded(UUID eventId, PaymentRefunded refund) {
            return new Movement(eventId, Kind.REFUND, refund.paymentId(), refund.category(), refund.lines(),
                    refund.at());
        }

        List<ClearingLine> clearingLines() {
            return lines == null || lines.isEmpty() ? List.of()
                    : ClearingLine.of(kind, paymentId, category, lines, at);
        }
    }

    /** Books the movements' lines; returns where each month's lines went. */
    public Mono<List<Booking>> book(List<Movement> movements) {
        return Mono.defer(() -> {
            // Months in order, so that two bookings lock month rows in the same order and cannot deadlock.
            Map<Period, List<BookedLine.Unbooked>> byMonth = new TreeMap<>();
            for (Movement m : movements) {
                for (ClearingLine line : m.clearingLines()) {
                    byMonth.computeIfAbsent(Period.of(m.at()), p -> new ArrayList<>())
                            .add(new BookedLine.Unbooked(m.eventId(), line));
                }
            }
            if (byMonth.isEmpty()) {
                return Mono.just(List.<Booking>of());
            }
            List<BookedLine> booked = new ArrayList<>();
            return Flux.fromIterable(byMonth.entrySet())
                    .concatMap(month -> bookingPeriod(month.getKey()).map(period -> {
                        Booking booking = new Booking(month.getKey(), period, month.getValue().size());
                        month.getValue().forEach(line -> booked.add(line.in(booking)));
                        return booking;
                    }))
                    .collectList()
                    .flatMap(bookings -> lines.insertAll(booked).then(recheckLate(bookings)).thenReturn(bookings));
        });
    }

    private Mono<Void> recheckLate(List<Booking> bookings) {
        return Flux.fromIterable(bookings).filter(Booking::late).concatMap(booking -> {
            log.info("{} late line(s) of {} booked to {}", booking.lines(), booking.eventMonth(), booking.period());
            // The wallet's totals for the event month may already be in: check them again with these lines.
            return reconciliation.recheck(booking.eventMonth());
        }).then();
    }

    /**
     * The month a line dated in {@code month} is booked to: that month while it is OPEN, else the first later month
     * still OPEN (the line is late). The month's row is read FOR SHARE and stays locked until commit, so a close
     * waits for this line. One statement in the usual case (the month exists).
     */
    private Mono<Period> bookingPeriod(Period month) {
        return periods.statusForShare(month)
                .switchIfEmpty(Mono.defer(() -> periods.ensure(month).then(periods.statusForShare(month))))
                .flatMap(status -> PeriodStatus.OPEN.equals(status) ? Mono.just(month) : bookingPeriod(month.next()));
    }
}
