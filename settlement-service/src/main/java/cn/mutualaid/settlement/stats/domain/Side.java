package cn.mutualaid.settlement.stats.domain;

import cn.mutualaid.kernel.Rejection;
import java.util.Locale;

/**
 * Which province a use belongs to in one province's statistics. FUND: the province where the benefactor is insured
 * (the account the money left, the province that pays in clearing). SPEND: the province of the hospital or pharmacy
 * where it was spent (the one that receives). A use within one province belongs to it on both sides; a
 * cross-province use belongs to one province as fund and to another as spend.
 */
public enum Side {
    FUND, SPEND;

    /** {@code fund} (also the default when absent) or {@code spend}; anything else is 400 INVALID_SIDE. */
    public static Side parse(String text) {
        if (text == null) {
            return FUND;
        }
        return switch (text) {
            case "fund" -> FUND;
            case "spend" -> SPEND;
            default -> throw Rejection.malformed("INVALID_SIDE", "side is fund or spend");
        };
    }

    /** As the query writes it. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
