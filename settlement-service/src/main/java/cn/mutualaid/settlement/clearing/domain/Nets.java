package cn.mutualaid.settlement.clearing.domain;

import java.util.Map;

/** National clearing is a closed system: what one province receives, others pay. */
public final class Nets {
    private Nets() {
    }

    /** Fails (and so rolls the close back) unless the provinces' nets add up to exactly zero. */
    public static void assertBalanced(String period, Map<String, Long> netByProvince) {
        long sum = 0;
        for (long net : netByProvince.values()) {
            sum = Math.addExact(sum, net);
        }
        if (sum != 0) {
            throw new IllegalStateException("clearing of " + period + " is unbalanced: nets sum to " + sum + " fen");
        }
    }
}
