package cn.mutualaid.settlement.stats.store;

import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.stats.domain.Side;
import cn.mutualaid.settlement.stats.domain.StatsQuery;
import cn.mutualaid.settlement.stats.domain.StatsReport;
import java.time.YearMonth;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The lines of a range of days (by their event time, over the index on {@code at}) summed per scope and category:
 * at most twelve rows, whatever the volume. One province's lines are those whose fund (or spend) province it is.
 */
@Component
public record StatsStore(DatabaseClient db) {
    public Flux<StatsReport.Cell> cells(StatsQuery query) {
        String province = query.province() == null ? ""
                : query.side() == Side.SPEND ? " and spend_province = :province" : " and fund_province = :province";
        var spec = db.sql("""
                        select scope, category, coalesce(sum(amount_fen), 0)::bigint amount, coalesce(sum(uses), 0)::bigint uses
                        from clearing_lines where at >= :from and at < :to
                            and event_month between :fromMonth and :toMonth""" + province + """

                        group by scope, category""")
                .bind("from", query.range().from().atStartOfDay(Period.CHINA).toInstant())
                .bind("to", query.range().to().plusDays(1).atStartOfDay(Period.CHINA).toInstant())
                // The same range in months (China time, like `at`'s month): only those months' partitions are read.
                .bind("fromMonth", new Period(YearMonth.from(query.range().from())).toString())
                .bind("toMonth", new Period(YearMonth.from(query.range().to())).toString());
        if (query.province() != null) {
            spec = spec.bind("province", query.province().code());
        }
        return spec.map(row -> new StatsReport.Cell(Rows.text(row, "scope"), Rows.text(row, "category"),
                        Rows.longOf(row, "amount"), Rows.longOf(row, "uses")))
                .all();
    }
}
