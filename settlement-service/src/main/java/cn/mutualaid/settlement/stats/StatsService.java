package cn.mutualaid.settlement.stats;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.authority.Authorities;
import cn.mutualaid.settlement.stats.domain.StatsRange;
import cn.mutualaid.settlement.stats.domain.StatsReport;
import cn.mutualaid.settlement.stats.store.StatsStore;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Mutual-aid statistics over a range of days: national figures for the national readers. */
@Service
public class StatsService {
    private final StatsStore store;

    public StatsService(StatsStore store) {
        this.store = store;
    }

    public Mono<StatsReport> report(Caller caller, StatsRange range) {
        if (!Authorities.of(caller).mayReadStatistics(Optional.empty())) {
            return Mono.error(Rejection.forbidden());
        }
        return store.groups(range).collectList().map(groups -> StatsReport.of(range.from(), range.to(), groups));
    }
}
