package cn.mutualaid.wallet.projection;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.ProviderRegistered;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.contracts.relation.RelationDissolved;
import cn.mutualaid.contracts.relation.RelationDissolving;
import cn.mutualaid.contracts.settlement.PeriodClosed;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.payment.MonthTotals;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

/** Consumers of other services' topics. Unknown types are skipped; each effect runs once per event id (Inbox). */
@Configuration(proxyBeanMethods = false)
public class EventConsumers {

    @Bean
    Consumer<Message<byte[]>> registryEvents(Inbox inbox, Projections projections) {
        return message -> {
            Envelope e = Envelopes.read(message);
            Function<Envelope, Mono<?>> effect = null;
            if (e.is(InsuranceEnrolled.class)) {
                effect = x -> projections.enrolled(x.payloadAs(InsuranceEnrolled.class));
            } else if (e.is(InsuranceTerminated.class)) {
                effect = x -> projections.terminated(x.payloadAs(InsuranceTerminated.class));
            } else if (e.is(InsuranceTransferred.class)) {
                effect = x -> projections.transferred(x.payloadAs(InsuranceTransferred.class));
            } else if (e.is(ProviderRegistered.class)) {
                effect = x -> projections.provider(x.payloadAs(ProviderRegistered.class));
            }
            if (effect != null) {
                inbox.once("wallet-registry", e, effect).block();
            }
        };
    }

    @Bean
    Consumer<Message<byte[]>> relationEvents(Inbox inbox, Projections projections) {
        return message -> {
            Envelope e = Envelopes.read(message);
            Function<Envelope, Mono<?>> effect = null;
            if (e.is(RelationActivated.class)) {
                effect = x -> projections.relationActivated(x.payloadAs(RelationActivated.class));
            } else if (e.is(RelationDissolving.class)) {
                RelationDissolving d = e.payloadAs(RelationDissolving.class);
                effect = x -> projections.relationEnding(d.relationId(), d.benefactorId(), d.beneficiaryId(), "DISSOLVING");
            } else if (e.is(RelationDissolved.class)) {
                RelationDissolved d = e.payloadAs(RelationDissolved.class);
                effect = x -> projections.relationEnding(d.relationId(), d.benefactorId(), d.beneficiaryId(), "DISSOLVED");
            }
            if (effect != null) {
                inbox.once("wallet-relation", e, effect).block();
            }
        };
    }

    /** PeriodClosed → the wallet's own WalletMonthTotals for that month (keyed by the period). */
    @Bean
    Consumer<Message<byte[]>> settlementEvents(Inbox inbox, MonthTotals totals, Outbox outbox, Clock clock) {
        return message -> {
            Envelope e = Envelopes.read(message);
            if (!e.is(PeriodClosed.class)) {
                return;
            }
            PeriodClosed closed = e.payloadAs(PeriodClosed.class);
            inbox.once("wallet-settlement", e, x -> totals.of(MonthTotals.parse(closed.period()))
                    .flatMap(list -> outbox.append(new WalletMonthTotals(closed.period(), list, clock.instant()),
                            closed.period()))).block();
        };
    }
}
