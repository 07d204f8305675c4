package cn.mutualaid.settlement.statement.domain;

import java.time.Instant;
import java.util.List;

/**
 * A province's statement for a cleared month. Cross-province: payable as fund province (where its insured spent
 * elsewhere), receivable as spend province (where others' insured spent here), net = receivable - payable (what
 * the prepaid fund moves by). Within-province money is shown for the province's own settlement with its cities
 * (省市分级清算) and is not part of national clearing.
 */
public record Statement(
        String period,
        String province,
        String status,
        long payableFen,
        long payableUses,
        long receivableFen,
        long receivableUses,
        long netFen,
        long withinProvinceFen,
        long withinProvinceUses,
        Instant issuedAt,
        String confirmedBy,
        Instant confirmedAt,
        List<Counterpart> counterparts,
        List<Area> areas) {

    /** The same statement with its breakdown. */
    public Statement with(List<Counterpart> counterparts, List<Area> areas) {
        return new Statement(period, province, status, payableFen, payableUses, receivableFen, receivableUses, netFen,
                withinProvinceFen, withinProvinceUses, issuedAt, confirmedBy, confirmedAt, counterparts, areas);
    }

    /** This province against one other province; net = receivable - payable. */
    public record Counterpart(String province, long payableFen, long payableUses, long receivableFen,
            long receivableUses, long netFen) {
        public static Counterpart of(String province, long payableFen, long payableUses, long receivableFen,
                long receivableUses) {
            return new Counterpart(province, payableFen, payableUses, receivableFen, receivableUses,
                    Math.subtractExact(receivableFen, payableFen));
        }
    }

    /**
     * One pooling area of the province: cross-province payable (its insured spent in other provinces) and
     * receivable (others spent here), and within-province money as fund area and as spend area. Its net is what the
     * area settles with the province: receivable - payable + withinSpend - withinFund; the areas' nets add up to
     * the province's net, since within-province money nets to zero inside the province.
     */
    public record Area(String poolingArea, long payableFen, long payableUses, long receivableFen, long receivableUses,
            long withinFundFen, long withinFundUses, long withinSpendFen, long withinSpendUses, long netFen) {
        public static Area of(String poolingArea, long payableFen, long payableUses, long receivableFen,
                long receivableUses, long withinFundFen, long withinFundUses, long withinSpendFen,
                long withinSpendUses) {
            long net = Math.addExact(Math.subtractExact(receivableFen, payableFen),
                    Math.subtractExact(withinSpendFen, withinFundFen));
            return new Area(poolingArea, payableFen, payableUses, receivableFen, receivableUses, withinFundFen,
                    withinFundUses, withinSpendFen, withinSpendUses, net);
        }
    }
}
