package cn.mutualaid.registry.region;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.registry.region.domain.Region;
import cn.mutualaid.registry.region.store.RegionStore;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The regions table as the other features use it: a province or a pooling area by code, or a refusal. */
@Service
public record Regions(RegionStore regions) {
    /** A province-level area; 404 when the code names none. */
    public Mono<Region> province(String code) {
        return regions.find(code).filter(Region::isProvince)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("province")));
    }

    /** A prefecture-level pooling area; 422 UNKNOWN_POOLING_AREA when the code names none. */
    public Mono<Region> poolingArea(String code) {
        return regions.findPoolingArea(code).switchIfEmpty(Mono.error(() -> Region.unknownPoolingArea(code)));
    }

    /** A prefecture-level pooling area named in a path; 404 when the code names none. */
    public Mono<Region> area(String code) {
        return regions.findPoolingArea(code).switchIfEmpty(Mono.error(() -> Rejection.notFound("pooling area")));
    }

    /** Every province-level area, by code. */
    public Flux<Region> provinces() {
        return regions.provinces();
    }

    /** The pooling areas of a province, by code; 404 when the code names no province. */
    public Flux<Region> areasOf(String provinceCode) {
        return province(provinceCode).flatMapMany(p -> regions.areasOf(p.code()));
    }
}
