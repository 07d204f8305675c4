package cn.mutualaid.settlement.clearing.messaging;

import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.settlement.clearing.LineBooking;
import cn.mutualaid.settlement.reconciliation.ReconciliationService;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Consumer of wallet.events (group settlement-service): captures and refunds become clearing lines, the wallet's
 * month totals are reconciled. Each event's effect runs once, in one transaction with its inbox record; other
 * types are skipped. EventHandlers runs each in the trace of the payment that wrote the event (ConsumedTrace).
 */
@Configuration(proxyBeanMethods = false)
public class WalletEventsConsumer {
    static final String CONSUMER = "settlement-service";

    @Bean
    Consumer<Message<byte[]>> walletEvents(Inbox inbox, LineBooking lines, ReconciliationService reconciliation) {
        return EventHandlers.of(Topics.WALLET_EVENTS, CONSUMER, inbox)
                .on(PaymentCaptured.class, (envelope, captured) -> lines.captured(envelope.eventId(), captured))
                .on(PaymentRefunded.class, (envelope, refunded) -> lines.refunded(envelope.eventId(), refunded))
                .on(WalletMonthTotals.class, reconciliation::walletTotals)
                .consumer();
    }
}
