package cn.mutualaid.settlement.stats.api;

import cn.mutualaid.settlement.stats.domain.StatsReport;
import java.util.List;

/**
 * The statistics as CSV, dimension,key,amountFen,uses: one line per category, per scope, per scope and category
 * (key {@code SCOPE/CATEGORY}), then the total. Every cell is a code or a number, so none can start a formula.
 */
final class StatsCsv {
    private StatsCsv() {
    }

    static String of(StatsReport report) {
        StringBuilder csv = new StringBuilder("dimension,key,amountFen,uses\n");
        rows(csv, "category", report.byCategory());
        rows(csv, "scope", report.byScope());
        report.byScopeAndCategory().forEach(cell -> line(csv, "scope/category", cell.scope() + "/" + cell.category(),
                cell.amountFen(), cell.uses()));
        line(csv, "total", "ALL", report.totalFen(), report.uses());
        return csv.toString();
    }

    /** mutual-aid-{from}-{to}.csv nationally; a province's file names it and its side. */
    static String fileName(StatsReport report) {
        String scope = report.province() == null ? "" : report.province() + "-" + report.side() + "-";
        return "mutual-aid-" + scope + report.from() + "-" + report.to() + ".csv";
    }

    private static void rows(StringBuilder csv, String dimension, List<StatsReport.Row> rows) {
        rows.forEach(row -> line(csv, dimension, row.key(), row.amountFen(), row.uses()));
    }

    private static void line(StringBuilder csv, String dimension, String key, long amountFen, long uses) {
        csv.append(dimension).append(',').append(key).append(',').append(amountFen).append(',').append(uses).append('\n');
    }
}
