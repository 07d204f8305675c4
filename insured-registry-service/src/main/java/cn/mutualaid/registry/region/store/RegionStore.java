package cn.mutualaid.registry.region.store;

import cn.mutualaid.registry.region.domain.Region;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads regions (they change only through migrations). */
@Component
public record RegionStore(DatabaseClient db) {
    public Mono<Region> find(String code) {
        return db.sql("select code, name, level, province from region where code = :code")
                .bind("code", code).map(RegionStore::region).one();
    }

    /** A pooling area: a prefecture-level region (municipalities use their xx0100 code). */
    public Mono<Region> findPoolingArea(String code) {
        return find(code).filter(r -> !r.isProvince());
    }

    public Flux<Region> provinces() {
        return db.sql("select code, name, level, province from region where level = 'PROVINCE' order by code")
                .map(RegionStore::region).all();
    }

    public Flux<Region> areasOf(String province) {
        return db.sql("select code, name, level, province from region where province = :p and level = 'PREFECTURE' order by code")
                .bind("p", province).map(RegionStore::region).all();
    }

    static Region region(Readable row) {
        return new Region(row.get("code", String.class), row.get("name", String.class),
                Region.Level.valueOf(row.get("level", String.class)), row.get("province", String.class));
    }
}
