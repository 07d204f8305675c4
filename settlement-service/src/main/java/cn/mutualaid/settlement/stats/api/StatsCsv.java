package cn.mutualaid.settlement.stats.api;

import cn.mutualaid.settlement.stats.domain.StatsReport;
import java.util.List;

/** The statistics as CSV: one line per category, then per scope, then the total: dimension,key,amountFen,uses. */
final class StatsCsv {
    private StatsCsv() {
    }

    static String of(StatsReport report) {
        StringBuilder csv = new StringBuilder("dimension,key,amountFen,uses\n");
        rows(csv, "category", report.byCategory());
        rows(csv, "scope", report.byScope());
        csv.append("total,ALL,").append(report.totalFen()).append(',').append(report.uses()).append('\n');
        return csv.toString();
    }

    private static void rows(StringBuilder csv, String dimension, List<StatsReport.Row> rows) {
        rows.forEach(row -> csv.append(dimension).append(',').append(row.key()).append(',').append(row.amountFen())
                .append(',').append(row.uses()).append('\n'));
    }
}
