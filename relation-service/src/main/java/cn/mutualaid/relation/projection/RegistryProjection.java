package cn.mutualaid.relation.projection;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.platform.messaging.Envelopes;
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
        return message -> {
            Envelope envelope = Envelopes.read(message);
            if (isProjected(envelope)) {
                inbox.once(INBOX, envelope, this::apply).block();
            }
        };
    }

    static boolean isProjected(Envelope e) {
        return e.is(InsuranceEnrolled.class) || e.is(InsuranceTerminated.class) || e.is(InsuranceTransferred.class)
                || e.is(KinshipVerified.class) || e.is(RolloutChanged.class);
    }

    Mono<?> apply(Envelope e) {
        Instant asOf = e.occurredAt();
        if (e.is(InsuranceEnrolled.class)) {
            InsuranceEnrolled ev = e.payloadAs(InsuranceEnrolled.class);
            return store.putPerson(ev.personId(), ev.scheme(), InsuredPerson.Status.ACTIVE, ev.poolingArea(),
                    ev.province(), asOf);
        }
        if (e.is(InsuranceTerminated.class)) {
            InsuranceTerminated ev = e.payloadAs(InsuranceTerminated.class);
            // A stale termination (the person re-enrolled since) must not end relationships made after it.
            return store.putPerson(ev.personId(), ev.scheme(), InsuredPerson.Status.TERMINATED, ev.poolingArea(),
                            ev.province(), asOf)
                    .filter(Boolean::booleanValue)
                    .flatMap(applied -> saga.dissolveAllOf(ev.personId(), DissolutionReason.INSURANCE_TERMINATED));
        }
        if (e.is(InsuranceTransferred.class)) {
            InsuranceTransferred ev = e.payloadAs(InsuranceTransferred.class);
            // The transfer itself is idempotent per transferId; the projection follows the newest event.
            return store.putPerson(ev.personId(), ev.toScheme() == null ? ev.fromScheme() : ev.toScheme(),
                            InsuredPerson.Status.ACTIVE, ev.toPoolingArea(), ev.toProvince(), asOf)
                    .then(saga.transfer(ev));
        }
        if (e.is(KinshipVerified.class)) {
            KinshipVerified ev = e.payloadAs(KinshipVerified.class);
            return store.putKinship(ev.personId(), ev.relativeId(), ev.kinship(),
                    ev.verifiedAt() == null ? asOf : ev.verifiedAt());
        }
        RolloutChanged ev = e.payloadAs(RolloutChanged.class);
        return store.putRollout(ev.province(), ev.effectiveFrom() == null ? asOf : ev.effectiveFrom(),
                ev.crossProvince(), ev.kinshipScope(), ev.at() == null ? asOf : ev.at());
    }
}
