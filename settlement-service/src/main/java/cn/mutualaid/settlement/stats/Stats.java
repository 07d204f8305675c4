package cn.mutualaid.settlement.stats;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.settlement.Rows;
import cn.mutualaid.settlement.clearing.Period;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Totals by category and by scope in one grouped scan (GROUPING SETS) over the lines' event time. */
@Component
public class Stats {
    private final DatabaseClient db;

    public Stats(DatabaseClient db) {
        this.db = db;
    }

    public Mono<StatsView> between(LocalDate from, LocalDate to) {
        return db.sql("""
                        select category, scope, coalesce(sum(amount_fen), 0)::bigint amount, coalesce(sum(uses), 0)::bigint uses
                        from clearing_lines where at >= :from and at < :to
                        group by grouping sets ((category), (scope))""")
                .bind("from", from.atStartOfDay(Period.CHINA).toInstant())
                .bind("to", to.plusDays(1).atStartOfDay(Period.CHINA).toInstant())
                .map(row -> new Group(Rows.text(row, "category"), Rows.text(row, "scope"),
                        Rows.longOf(row, "amount"), Rows.longOf(row, "uses")))
                .all()
                .collectList()
                .map(groups -> {
                    Map<String, StatsView.Row> categories = new HashMap<>();
                    Map<String, StatsView.Row> scopes = new HashMap<>();
                    for (Group g : groups) {
                        // GROUPING SETS: a category row has no scope and a scope row no category.
                        if (g.category() != null) {
                            categories.put(g.category(), new StatsView.Row(g.category(), g.amountFen(), g.uses()));
                        } else {
                            scopes.put(g.scope(), new StatsView.Row(g.scope(), g.amountFen(), g.uses()));
                        }
                    }
                    List<StatsView.Row> byCategory = complete(categories,
                            Arrays.stream(PaymentCategory.values()).map(Enum::name).toList());
                    List<StatsView.Row> byScope = complete(scopes, Arrays.stream(AidScope.values()).map(Enum::name).toList());
                    long total = byCategory.stream().mapToLong(StatsView.Row::amountFen).reduce(0, Math::addExact);
                    long uses = byCategory.stream().mapToLong(StatsView.Row::uses).reduce(0, Math::addExact);
                    return new StatsView(from, to, total, uses, byCategory, byScope);
                });
    }

    private record Group(String category, String scope, long amountFen, long uses) {
    }

    /** Every category (or scope) appears, with zeros where nothing happened. */
    private static List<StatsView.Row> complete(Map<String, StatsView.Row> found, List<String> keys) {
        return keys.stream().map(key -> {
            StatsView.Row row = found.get(key);
            return new StatsView.Row(key, row == null ? 0 : row.amountFen(), row == null ? 0 : row.uses());
        }).toList();
    }
}
