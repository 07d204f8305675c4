package cn.mutualaid.registry.provider.store;

import static cn.mutualaid.platform.store.Rows.instant;
import static cn.mutualaid.platform.store.Rows.utc;

import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.registry.provider.domain.Provider;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

@Component
public record ProviderStore(DatabaseClient db) {
    public Mono<Void> insert(Provider p, String registeredBy) {
        return db.sql("""
                insert into provider (provider_id, name, type, pooling_area, province, registered_at, registered_by)
                values (:id, :name, :type, :area, :province, :at, :by)""")
                .bind("id", p.providerId()).bind("name", p.name()).bind("type", p.type().name())
                .bind("area", p.poolingArea()).bind("province", p.province()).bind("at", utc(p.registeredAt()))
                .bind("by", registeredBy)
                .fetch().rowsUpdated().then();
    }

    public Mono<Provider> find(String providerId) {
        return db.sql("select provider_id, name, type, pooling_area, province, registered_at from provider"
                        + " where provider_id = :id")
                .bind("id", providerId).map(ProviderStore::provider).one();
    }

    static Provider provider(Readable row) {
        return new Provider(row.get("provider_id", String.class), row.get("name", String.class),
                ProviderType.valueOf(row.get("type", String.class)), row.get("pooling_area", String.class),
                row.get("province", String.class), instant(row, "registered_at"));
    }
}
