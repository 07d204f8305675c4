package cn.mutualaid.settlement.stats.store;

import cn.mutualaid.settlement.Rows;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.stats.domain.StatsRange;
import cn.mutualaid.settlement.stats.domain.StatsReport;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** Totals by category and by scope in one grouped scan (GROUPING SETS) over the lines' event time. */
@Repository
public class StatsStore {
    private final DatabaseClient db;

    public StatsStore(DatabaseClient db) {
        this.db = db;
    }

    public Flux<StatsReport.Group> groups(StatsRange range) {
        return db.sql("""
                        select category, scope, coalesce(sum(amount_fen), 0)::bigint amount, coalesce(sum(uses), 0)::bigint uses
                        from clearing_lines where at >= :from and at < :to
                        group by grouping sets ((category), (scope))""")
                .bind("from", range.from().atStartOfDay(Period.CHINA).toInstant())
                .bind("to", range.to().plusDays(1).atStartOfDay(Period.CHINA).toInstant())
                .map(row -> new StatsReport.Group(Rows.text(row, "category"), Rows.text(row, "scope"),
                        Rows.longOf(row, "amount"), Rows.longOf(row, "uses")))
                .all();
    }
}
