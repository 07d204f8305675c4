package cn.mutualaid.relation.relationship.messaging;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.contracts.registry.RolloutChangedV2;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.relation.projection.Projections;
import cn.mutualaid.relation.relationship.SagaOrchestrator;
import cn.mutualaid.relation.relationship.domain.DissolutionReason;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

/**
 * Consumes registry.events (binding registryEvents-in-0): updates the projections and, in the same inbox transaction,
 * starts the dissolution saga for people whose insurance ended or moved. It lives with the relationships, not with the
 * projections, so that the projections depend on nothing and the relationships on them.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryEventsConsumer {
    static final String INBOX = "relation-service.registry-events";

    private final Projections projections;
    private final SagaOrchestrator saga;

    public RegistryEventsConsumer(Projections projections, SagaOrchestrator saga) {
        this.projections = projections;
        this.saga = saga;
    }

    @Bean
    Consumer<Message<byte[]>> registryEvents(Inbox inbox) {
        return EventHandlers.of(Topics.REGISTRY_EVENTS, INBOX, inbox)
                .on(InsuranceEnrolled.class, projections::enrolled)
                .on(InsuranceTerminated.class, this::terminated)
                .on(InsuranceTransferred.class, this::transferred)
                .on(KinshipVerified.class, projections::kinshipVerified)
                .on(RolloutChanged.class, (Envelope e, RolloutChanged ev) -> projections.rolloutChanged(e, ev))
                .on(RolloutChangedV2.class, (Envelope e, RolloutChangedV2 ev) -> projections.rolloutChanged(e, ev))
                .consumer();
    }

    private Mono<Void> terminated(Envelope e, InsuranceTerminated ev) {
        // A stale termination (the person re-enrolled since) must not end relationships made after it.
        return projections.terminated(e, ev)
                .filter(Boolean::booleanValue)
                .flatMap(applied -> saga.dissolveAllOf(ev.personId(), DissolutionReason.INSURANCE_TERMINATED));
    }

    private Mono<Void> transferred(Envelope e, InsuranceTransferred ev) {
        // The transfer itself is idempotent per transferId; the projection follows the newest event.
        return projections.transferred(e, ev).then(saga.transfer(ev));
    }
}
