package cn.mutualaid.registry.support;

import cn.mutualaid.registry.person.IdNumber;
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
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(rnd.nextInt(365 * 55));
        int sequence = rnd.nextInt(500) * 2 + ("M".equals(gender) ? 1 : 0);
        return withCheck(String.format("320505%s%03d", birth.toString().replace("-", ""), sequence));
    }

    public static String withCheck(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }
}
