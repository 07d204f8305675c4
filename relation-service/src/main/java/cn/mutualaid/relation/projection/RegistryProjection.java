package cn.mutualaid.relation.projection;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.relation.saga.DissolutionReason;
import cn.mutualaid.relation.saga.SagaOrchestrator;
import java.time.Instant;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

/**
 * Consumes registry.events (binding registryEvents-in-0) into the local projections, and starts the dissolution
 * saga for people whose insurance ended or moved. Each event once (inbox); events are ordered per person by the
 * registry's event time, so an older event arriving late never overwrites a newer state.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryProjection {
    static final String INBOX = "relation-service.registry-events";

    private final ProjectionStore store;
    private final SagaOrchestrator saga;

    public RegistryProjection(ProjectionStore store, SagaOrchestrator saga) {
        this.store = store;
        this.saga = saga;
    }

    @Bean
    Consumer<Message<byte[]>> registryEvents(Inbox inbox) {
        return EventHandlers.of(Topics.REGISTRY_EVENTS, INBOX, inbox)
                .on(InsuranceEnrolled.class, this::enrolled)
                .on(InsuranceTerminated.class, this::terminated)
                .on(InsuranceTransferred.class, this::transferred)
                .on(KinshipVerified.class, this::kinshipVerified)
                .on(RolloutChanged.class, this::rolloutChanged)
                .consumer();
    }

    Mono<Boolean> enrolled(Envelope e, InsuranceEnrolled ev) {
        return store.putPerson(ev.personId(), ev.scheme(), InsuredPerson.Status.ACTIVE, ev.poolingArea(),
                ev.province(), e.occurredAt());
    }

    Mono<Void> terminated(Envelope e, InsuranceTerminated ev) {
        // A stale termination (the person re-enrolled since) must not end relationships made after it.
        return store.putPerson(ev.personId(), ev.scheme(), InsuredPerson.Status.TERMINATED, ev.poolingArea(),
                        ev.province(), e.occurredAt())
                .filter(Boolean::booleanValue)
                .flatMap(applied -> saga.dissolveAllOf(ev.personId(), DissolutionReason.INSURANCE_TERMINATED));
    }

    Mono<Void> transferred(Envelope e, InsuranceTransferred ev) {
        // The transfer itself is idempotent per transferId; the projection follows the newest event.
        return store.putPerson(ev.personId(), ev.toScheme() == null ? ev.fromScheme() : ev.toScheme(),
                        InsuredPerson.Status.ACTIVE, ev.toPoolingArea(), ev.toProvince(), e.occurredAt())
                .then(saga.transfer(ev));
    }

    Mono<Void> kinshipVerified(Envelope e, KinshipVerified ev) {
        return store.putKinship(ev.personId(), ev.relativeId(), ev.kinship(),
                ev.verifiedAt() == null ? e.occurredAt() : ev.verifiedAt());
    }

    Mono<Void> rolloutChanged(Envelope e, RolloutChanged ev) {
        Instant asOf = e.occurredAt();
        return store.putRollout(ev.province(), ev.effectiveFrom() == null ? asOf : ev.effectiveFrom(),
                ev.crossProvince(), ev.kinshipScope(), ev.at() == null ? asOf : ev.at());
    }
}
