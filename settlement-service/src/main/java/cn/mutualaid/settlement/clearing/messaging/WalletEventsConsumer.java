package cn.mutualaid.settlement.clearing.messaging;

import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.settlement.clearing.LineBooking;
import cn.mutualaid.settlement.clearing.LineBooking.Movement;
import cn.mutualaid.settlement.reconciliation.ReconciliationService;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Consumer of wallet.events (group settlement-service): captures and refunds become clearing lines, the wallet's
 * month totals are reconciled. Each event's effect runs once, with its inbox record; other types are skipped.
 *
 * <p>{@code walletEvents} takes a poll's records at once (the binding is in batch mode): their inbox records, then
 * the lines of a run of captures (or refunds) in one statement, all in one transaction. {@code walletEventsOneByOne}
 * is the same consumer one record per transaction, as before batching; kept to measure one against the other
 * ({@code MESH_SETTLEMENT_WALLET_EVENTS=walletEventsOneByOne}).
 */
@Configuration(proxyBeanMethods = false)
public class WalletEventsConsumer {
    static final String CONSUMER = "settlement-service";

    @Bean
    Consumer<Message<List<byte[]>>> walletEvents(Inbox inbox, LineBooking lines,
            ReconciliationService reconciliation) {
        return handlers(inbox, lines, reconciliation).batchConsumer();
    }

    @Bean
    Consumer<Message<byte[]>> walletEventsOneByOne(Inbox inbox, LineBooking lines,
            ReconciliationService reconciliation) {
        return handlers(inbox, lines, reconciliation).consumer();
    }

    private static EventHandlers handlers(Inbox inbox, LineBooking lines, ReconciliationService reconciliation) {
        return EventHandlers.of(Topics.WALLET_EVENTS, CONSUMER, inbox)
                .onBatch(PaymentCaptured.class, captures -> lines.book(captures.stream()
                        .map(e -> Movement.captured(e.envelope().eventId(), e.payload())).toList()))
                .onBatch(PaymentRefunded.class, refunds -> lines.book(refunds.stream()
                        .map(e -> Movement.refunded(e.envelope().eventId(), e.payload())).toList()))
                .on(WalletMonthTotals.class, reconciliation::walletTotals);
    }
}
