package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import java.util.Map;
import java.util.Optional;

/**
 * The personal contribution per person and year of each contribution category (docs/domain.md rule 14): a national
 * table by year, overridden per province or per pooling area. An area's own figure for a year wins, then its
 * province's, then the national one; a year none of them names has no standard.
 *
 * @param byCategory per contribution category, the tables of that category
 */
public record ContributionStandards(Map<PaymentCategory, Table> byCategory) {

    /**
     * One category's figures in fen.
     *
     * @param national by year
     * @param byArea by pooling-area or province code (six digits), then by year
     */
    public record Table(Map<Integer, Long> national, Map<String, Map<Integer, Long>> byArea) {
        public Table {
            national = Map.copyOf(national);
            byArea = Map.copyOf(byArea);
        }
    }

    /** Where a standard came from: the pooling area's own figure, its province's, or the national one. */
    public enum Source {
        AREA, PROVINCE, NATIONAL
    }

    public record Standard(long amountFen, Source source) {
    }

    public ContributionStandards {
        byCategory = Map.copyOf(byCategory);
    }

    /** The standard of {@code category} for {@code year} in the patient's insured pooling area; empty when none. */
    public Optional<Standard> of(PaymentCategory category, int year, String poolingArea) {
        Table table = byCategory.get(category);
        if (table == null) {
            return Optional.empty();
        }
        Long own = figure(table.byArea().get(poolingArea), year);
        if (own != null) {
            return Optional.of(new Standard(own, Source.AREA));
        }
        Long province = figure(table.byArea().get(AidScope.provinceOf(poolingArea)), year);
        if (province != null) {
            return Optional.of(new Standard(province, Source.PROVINCE));
        }
        return Optional.ofNullable(table.national().get(year)).map(fen -> new Standard(fen, Source.NATIONAL));
    }

    private static Long figure(Map<Integer, Long> byYear, int year) {
        return byYear == null ? null : byYear.get(year);
    }
}
