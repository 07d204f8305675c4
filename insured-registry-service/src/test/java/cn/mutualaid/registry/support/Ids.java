package cn.mutualaid.registry.support;

import cn.mutualaid.registry.person.domain.IdNumber;
import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

/** Valid, random citizen ID numbers for tests (address code, birth date, sequence, computed check character). */
public final class Ids {
    private Ids() {
    }

    public static String random() {
        return random(ThreadLocalRandom.current().nextInt(2) == 0 ? "M" : "F");
    }

    public static String random(String gender) {
        return random("320505", gender);
    }

    /**
     * A random number whose first six characters are {@code first6}: an address code, 810000/820000/830000 for a
     * residence permit, or 9 + province + nationality for a foreigner's permanent residence card.
     */
    public static String random(String first6, String gender) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(rnd.nextInt(365 * 55));
        int sequence = rnd.nextInt(500) * 2 + ("M".equals(gender) ? 1 : 0);
        return withCheck(String.format("%s%s%03d", first6, birth.toString().replace("-", ""), sequence));
    }

    public static String withCheck(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }
}
