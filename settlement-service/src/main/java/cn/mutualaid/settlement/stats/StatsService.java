package cn.mutualaid.settlement.stats;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.authority.Authorities;
import cn.mutualaid.settlement.stats.domain.StatsQuery;
import cn.mutualaid.settlement.stats.domain.StatsReport;
import cn.mutualaid.settlement.stats.store.StatsStore;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Mutual-aid statistics over a range of days: national figures for the national readers, one province's for them
 * and for that province's own agency. Anyone else gets 403 and no figure.
 */
@Service
public record StatsService(StatsStore store) {
    public Mono<StatsReport> report(Caller caller, StatsQuery query) {
        if (!Authorities.of(caller).mayReadStatistics(query.provinceFilter())) {
            return Mono.error(Rejection.forbidden());
        }
        return store.cells(query).collectList().map(cells -> StatsReport.of(query, cells));
    }
}
