package cn.mutualaid.e2e;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Makes valid citizen ID numbers (GB 11643-1999) for demo and test people. */
public final class IdNumbers {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private IdNumbers() {
    }

    /**
     * A fresh valid number for someone born in {@code area} (a pooling area or a county) on {@code birth}; male when
     * {@code male}. A number carries the county-level code of where it was issued, never a prefecture's own code.
     */
    public static String random(String area, LocalDate birth, boolean male) {
        int sequence = ThreadLocalRandom.current().nextInt(0, 500) * 2 + (male ? 1 : 0);
        String body = issuingCounty(area) + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
        return body + checkCharacter(body);
    }

    /**
     * A county-level code inside a pooling area: a prefecture's "市辖区" (xxxx01); the Xinjiang Production and
     * Construction Corps' divisions issue under Xinjiang's codes (Shihezi, 659001).
     */
    static String issuingCounty(String area) {
        if (area.startsWith("66")) {
            return "659001";
        }
        return area.endsWith("00") ? area.substring(0, 4) + "01" : area;
    }

    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }
}
