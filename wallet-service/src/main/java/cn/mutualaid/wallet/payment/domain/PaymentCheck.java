package cn.mutualaid.wallet.payment.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One rule of a payment as it was checked: its name, whether it passed, and the facts it looked at (in order). */
public record PaymentCheck(String rule, boolean passed, Map<String, Object> facts) {

    /** Facts from alternating names and values, kept in that order; a null value is kept, not dropped. */
    public static PaymentCheck of(String rule, boolean passed, Object... namesAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            facts.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new PaymentCheck(rule, passed, Collections.unmodifiableMap(facts));
    }
}
