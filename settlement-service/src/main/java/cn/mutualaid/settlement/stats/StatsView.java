package cn.mutualaid.settlement.stats;

import java.time.LocalDate;
import java.util.List;

/**
 * Mutual-aid money and uses over a date range (China time, both days included), like the figures the seeds
 * report: by category and by scope. Amounts are net of refunds (a refund counts on the day it happens); uses are
 * captured payment lines.
 */
public record StatsView(LocalDate from, LocalDate to, long totalFen, long uses, List<Row> byCategory, List<Row> byScope) {

    public record Row(String key, long amountFen, long uses) {
    }

    /** One line per category, then per scope: dimension,key,amountFen,uses. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("dimension,key,amountFen,uses\n");
        byCategory.forEach(row -> csv.append("category,").append(row.key()).append(',').append(row.amountFen())
                .append(',').append(row.uses()).append('\n'));
        byScope.forEach(row -> csv.append("scope,").append(row.key()).append(',').append(row.amountFen())
                .append(',').append(row.uses()).append('\n'));
        csv.append("total,ALL,").append(totalFen).append(',').append(uses).append('\n');
        return csv.toString();
    }
}
