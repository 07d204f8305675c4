package cn.mutualaid.wallet.projection.messaging;

import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.ProviderRegistered;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.contracts.relation.RelationDissolved;
import cn.mutualaid.contracts.relation.RelationDissolving;
import cn.mutualaid.contracts.settlement.PeriodClosed;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.payment.store.MonthTotals;
import cn.mutualaid.wallet.projection.Projections;
import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Consumers of other services' topics. Unknown types are skipped; each effect runs once per event id (Inbox). */
@Configuration(proxyBeanMethods = false)
public class EventConsumers {

    @Bean
    Consumer<Message<byte[]>> registryEvents(Inbox inbox, Projections projections) {
        return EventHandlers.of(Topics.REGISTRY_EVENTS, "wallet-registry", inbox)
                .on(InsuranceEnrolled.class, (envelope, e) -> projections.enrolled(e, envelope.occurredAt()))
                .on(InsuranceTerminated.class, (envelope, e) -> projections.terminated(e, envelope.occurredAt()))
                .on(InsuranceTransferred.class, (envelope, e) -> projections.transferred(e, envelope.occurredAt()))
                .on(ProviderRegistered.class, projections::provider)
                .consumer();
    }

    @Bean
    Consumer<Message<byte[]>> relationEvents(Inbox inbox, Projections projections) {
        return EventHandlers.of(Topics.RELATION_EVENTS, "wallet-relation", inbox)
                .on(RelationActivated.class, projections::relationActivated)
                .on(RelationDissolving.class, d -> projections.relationEnding(d.relationId(), d.benefactorId(),
                        d.beneficiaryId(), "DISSOLVING"))
                .on(RelationDissolved.class, d -> projections.relationEnding(d.relationId(), d.benefactorId(),
                        d.beneficiaryId(), "DISSOLVED"))
                .consumer();
    }

    /** PeriodClosed → the wallet's own WalletMonthTotals for that month (keyed by the period). */
    @Bean
    Consumer<Message<byte[]>> settlementEvents(Inbox inbox, MonthTotals totals, Outbox outbox, Clock clock) {
        return EventHandlers.of(Topics.SETTLEMENT_EVENTS, "wallet-settlement", inbox)
                .on(PeriodClosed.class, closed -> totals.of(MonthTotals.parse(closed.period()))
                        .flatMap(list -> outbox.append(new WalletMonthTotals(closed.period(), list, clock.instant()),
                                closed.period())))
                .consumer();
    }
}
