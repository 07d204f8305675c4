package cn.mutualaid.settlement.prepaid.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Sizing of a province's prepaid fund (预付金), in integer fen.
 * <ul>
 *   <li>required = months × (sum of net outflow over the last settled periods ÷ number of those periods), rounded
 *       UP to the fen (the fund errs on the safe side); a period where the province received money counts as 0;</li>
 *   <li>the low fraction is held in basis points (1/10000); a fraction finer than that is rounded UP (a province is
 *       warned a little early rather than late);</li>
 *   <li>OVERDRAWN when the balance is negative; LOW when balance &lt; fraction × required (exact comparison
 *       balance × 10000 &lt; required × basisPoints); else OK.</li>
 * </ul>
 */
public record PrepaidPolicy(int months, int window, int lowFractionBasisPoints) {
    public static final String OK = "OK";
    public static final String LOW = "LOW";
    public static final String OVERDRAWN = "OVERDRAWN";

    public PrepaidPolicy {
        if (months < 0 || window < 1 || lowFractionBasisPoints < 0 || lowFractionBasisPoints > 10_000) {
            throw new IllegalArgumentException("prepaid policy needs months >= 0, window >= 1, 0 <= low fraction <= 1");
        }
    }

    /** @param lowFraction a decimal between 0 and 1, e.g. "0.5" */
    public static PrepaidPolicy of(int months, int window, String lowFraction) {
        return new PrepaidPolicy(months, window, basisPoints(lowFraction));
    }

    /** "0.5" → 5000; "0.33333" → 3334 (rounded up); outside 0..1 is refused. */
    public static int basisPoints(String fraction) {
        BigDecimal value = new BigDecimal(fraction.trim());
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("low fraction must be between 0 and 1: " + fraction);
        }
        return value.movePointRight(4).setScale(0, RoundingMode.UP).intValueExact();
    }

    /**
     * @param outflowFen sum of the province's net outflow (payable - receivable, when positive) over the periods
     * @param periods    how many settled periods that sum covers (at most {@link #window})
     */
    public long required(long outflowFen, long periods) {
        if (periods <= 0 || outflowFen <= 0) {
            return 0;
        }
        long total = Math.multiplyExact(outflowFen, (long) months);
        return Math.addExact(total, periods - 1) / periods;
    }

    public String status(long balanceFen, long requiredFen) {
        if (balanceFen < 0) {
            return OVERDRAWN;
        }
        // Exact at any balance: balance × 10000 passes 64 bits from 9.2 × 10^14 fen, a balance a fund may hold.
        boolean low = BigInteger.valueOf(balanceFen).multiply(BigInteger.valueOf(10_000L))
                .compareTo(BigInteger.valueOf(requiredFen).multiply(BigInteger.valueOf(lowFractionBasisPoints))) < 0;
        return low ? LOW : OK;
    }

    /** A PrepaidFundLow warning goes out when a fund leaves OK, once per such transition. */
    public static boolean becameLow(String before, String after) {
        return OK.equals(before) && !OK.equals(after);
    }
}
