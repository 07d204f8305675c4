package cn.mutualaid.settlement.clearing;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.platform.observability.ConsumedTrace;
import cn.mutualaid.settlement.reconciliation.Reconciliation;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

/**
 * Consumer of wallet.events (group settlement-service): captures and refunds become clearing lines, the wallet's
 * month totals are reconciled. Each event's effect runs once, in one transaction with its inbox record; other
 * types are ignored. Runs in the trace of the payment that wrote the event (ConsumedTrace), until this consumer is
 * built with EventHandlers, which does that itself.
 */
@Configuration(proxyBeanMethods = false)
public class WalletEventsConsumer {
    static final String CONSUMER = "settlement-service";

    @Bean
    Consumer<Message<byte[]>> walletEvents(Inbox inbox, ClearingLines lines, Reconciliation reconciliation) {
        return message -> ConsumedTrace.run(message, Topics.WALLET_EVENTS, () -> {
            Envelope envelope = Envelopes.read(message);
            Function<Envelope, Mono<?>> effect;
            if (envelope.is(PaymentCaptured.class)) {
                effect = e -> lines.captured(e.eventId(), e.payloadAs(PaymentCaptured.class));
            } else if (envelope.is(PaymentRefunded.class)) {
                effect = e -> lines.refunded(e.eventId(), e.payloadAs(PaymentRefunded.class));
            } else if (envelope.is(WalletMonthTotals.class)) {
                effect = e -> reconciliation.walletTotals(e.payloadAs(WalletMonthTotals.class));
            } else {
                return;
            }
            inbox.once(CONSUMER, envelope, effect).block();
        });
    }
}
