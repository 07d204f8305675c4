package cn.mutualaid.settlement.stats.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutual-aid money and uses over a date range (China time, both days included), as the seeds report them: by scope
 * (within one pooling area, across pooling areas within a province, across provinces), by category (medical
 * institutions, pharmacies, resident-insurance and long-term-care contributions) and the cross table of the two.
 * Amounts are net of refunds (a refund counts on the day it happens); uses are captured payment lines (one
 * benefactor's share of a payment). Nationally {@code province} and {@code side} are null. Every sum is exact in
 * fen: an overflow fails, it never wraps.
 */
public record StatsReport(LocalDate from, LocalDate to, String province, String side, long totalFen, long uses,
        List<Row> byCategory, List<Row> byScope, List<Cell> byScopeAndCategory) {

    public record Row(String key, long amountFen, long uses) {
    }

    /** The lines of one scope and one category. */
    public record Cell(String scope, String category, long amountFen, long uses) {
    }

    /** Every scope, category and pair of them appears, with zeros where nothing happened. */
    public static StatsReport of(StatsQuery query, List<Cell> found) {
        Map<String, Cell> cells = new HashMap<>();
        for (Cell cell : found) {
            cells.merge(cell.scope() + "/" + cell.category(), cell, (a, b) -> new Cell(a.scope(), a.category(),
                    Math.addExact(a.amountFen(), b.amountFen()), Math.addExact(a.uses(), b.uses())));
        }
        List<Cell> table = new ArrayList<>();
        Map<String, long[]> byScope = new LinkedHashMap<>();
        Map<String, long[]> byCategory = new LinkedHashMap<>();
        long[] total = new long[2];
        for (AidScope scope : AidScope.values()) {
            for (PaymentCategory category : PaymentCategory.values()) {
                Cell cell = cells.getOrDefault(scope.name() + "/" + category.name(),
                        new Cell(scope.name(), category.name(), 0, 0));
                table.add(cell);
                add(byScope.computeIfAbsent(scope.name(), k -> new long[2]), cell);
                add(byCategory.computeIfAbsent(category.name(), k -> new long[2]), cell);
                add(total, cell);
            }
        }
        return new StatsReport(query.range().from(), query.range().to(),
                query.province() == null ? null : query.province().code(),
                query.province() == null ? null : query.side().text(),
                total[0], total[1], rows(byCategory), rows(byScope), List.copyOf(table));
    }

    private static void add(long[] sum, Cell cell) {
        sum[0] = Math.addExact(sum[0], cell.amountFen());
        sum[1] = Math.addExact(sum[1], cell.uses());
    }

    private static List<Row> rows(Map<String, long[]> sums) {
        return sums.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }
}
