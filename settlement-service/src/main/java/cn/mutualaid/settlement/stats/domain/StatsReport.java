package cn.mutualaid.settlement.stats.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutual-aid money and uses over a date range (China time, both days included), like the figures the seeds
 * report: by category and by scope. Amounts are net of refunds (a refund counts on the day it happens); uses are
 * captured payment lines.
 */
public record StatsReport(LocalDate from, LocalDate to, long totalFen, long uses, List<Row> byCategory,
        List<Row> byScope) {

    public record Row(String key, long amountFen, long uses) {
    }

    /** A sum of lines in one category (scope null) or one scope (category null). */
    public record Group(String category, String scope, long amountFen, long uses) {
    }

    /** Every category and every scope appears, with zeros where nothing happened; the total adds up exactly. */
    public static StatsReport of(LocalDate from, LocalDate to, List<Group> groups) {
        Map<String, Row> categories = new HashMap<>();
        Map<String, Row> scopes = new HashMap<>();
        for (Group g : groups) {
            if (g.category() != null) {
                categories.put(g.category(), new Row(g.category(), g.amountFen(), g.uses()));
            } else {
                scopes.put(g.scope(), new Row(g.scope(), g.amountFen(), g.uses()));
            }
        }
        List<Row> byCategory = complete(categories, Arrays.stream(PaymentCategory.values()).map(Enum::name).toList());
        List<Row> byScope = complete(scopes, Arrays.stream(AidScope.values()).map(Enum::name).toList());
        long total = byCategory.stream().mapToLong(Row::amountFen).reduce(0, Math::addExact);
        long uses = byCategory.stream().mapToLong(Row::uses).reduce(0, Math::addExact);
        return new StatsReport(from, to, total, uses, byCategory, byScope);
    }

    private static List<Row> complete(Map<String, Row> found, List<String> keys) {
        return keys.stream().map(key -> {
            Row row = found.get(key);
            return new Row(key, row == null ? 0 : row.amountFen(), row == null ? 0 : row.uses());
        }).toList();
    }
}
