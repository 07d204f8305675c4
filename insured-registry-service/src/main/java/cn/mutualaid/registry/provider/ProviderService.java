package cn.mutualaid.registry.provider;

import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.registry.ProviderRegistered;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.registry.provider.domain.Provider;
import cn.mutualaid.registry.provider.store.ProviderStore;
import cn.mutualaid.registry.region.Regions;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Designated providers: registered by the agency of their pooling area, read by agencies and themselves. */
@Service
public record ProviderService(ProviderStore providers, Regions regions, Outbox outbox, Audit audit,
        TransactionalOperator tx, Clock clock) {
    /** In a pooling area the agency administers; publishes ProviderRegistered keyed by providerId. */
    public Mono<Provider> register(String rawName, ProviderType type, String poolingArea, Caller caller) {
        String name = Normalizer.normalize(rawName.strip(), Normalizer.Form.NFC);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Mono<Provider> work = regions.poolingArea(poolingArea)
                .flatMap(area -> {
                    if (!caller.administers(area.code())) {
                        return Mono.error(Rejection.forbidden());
                    }
                    Provider provider = new Provider(UUID.randomUUID().toString(), name, type, area.code(),
                            area.province(), now);
                    return providers.insert(provider, caller.subject())
                            .then(outbox.append(new ProviderRegistered(provider.providerId(), name, type, area.code(),
                                    area.province(), now), provider.providerId()))
                            .then(audit.record(caller, "provider.register", "provider", provider.providerId(),
                                    area.code(), Map.of("name", name, "type", type.name(), "poolingArea", area.code())))
                            .thenReturn(provider);
                });
        return tx.transactional(work);
    }

    /** Any agency (designated institutions are public knowledge), or the provider itself. */
    public Mono<Provider> get(String providerId, Caller caller) {
        return providers.find(providerId)
                .filter(p -> caller.has(Role.AGENCY) || (caller.has(Role.PROVIDER) && providerId.equals(caller.subject())))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("provider")));
    }
}
