package cn.mutualaid.registry.person.domain;

import cn.mutualaid.registry.region.domain.Region;
import cn.mutualaid.registry.region.domain.RegionsFile;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An 18-character ID number in the GB 11643-1999 layout: 6 characters naming where it was issued, birth date
 * YYYYMMDD, 3-digit sequence (odd = male, even = female) and a check character. Four documents carry one
 * ({@link IdKind}); the first six characters tell which. {@link #toString()} is masked so that a stray log line
 * never carries it.
 */
public final class IdNumber {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    /**
     * Province-level prefixes of the regions table that issue resident cards and foreigners' cards. The XPCC (66)
     * is a province-level area of the table but issues no numbers of its own: its residents hold Xinjiang (65) ones.
     */
    private static final Set<String> PROVINCES = RegionsFile.readCurrent().stream().filter(Region::isProvince)
            .map(r -> r.code().substring(0, 2)).filter(prefix -> !prefix.equals("66"))
            .collect(Collectors.toUnmodifiableSet());
    private static final String HONG_KONG = "810000";
    private static final String MACAO = "820000";
    private static final String TAIWAN = "830000";
    /**
     * Nationality codes no foreigner's card carries: 000 (no country), and China with Hong Kong, Macao and Taiwan
     * (ISO 3166-1 numeric 156, 344, 446, 158), whose people are not foreigners and hold the other documents.
     */
    private static final Set<String> NOT_FOREIGN = Set.of("000", "156", "344", "446", "158");
    /** The oldest birth year accepted: numbers were first issued in 1984, to living people. */
    private static final int EARLIEST_BIRTH_YEAR = 1880;

    private final String value;
    private final LocalDate birthDate;
    private final String gender;
    private final IdKind kind;

    private IdNumber(String value, LocalDate birthDate, String gender, IdKind kind) {
        this.value = value;
        this.birthDate = birthDate;
        this.gender = gender;
        this.kind = kind;
    }

    /** Why a number was refused; the message never contains the number itself. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String reason) {
            super(reason);
        }
    }

    /**
     * Parses and validates a number as of {@code today} (a birth date after today is refused). A lowercase check
     * character x is normalised to X; surrounding whitespace is ignored.
     */
    public static IdNumber parse(String raw, LocalDate today) {
        if (raw == null) {
            throw new Invalid("ID number is missing");
        }
        String value = raw.strip().toUpperCase(Locale.ROOT);
        if (value.length() != 18) {
            throw new Invalid("ID number must have 18 characters");
        }
        for (int i = 0; i < 17; i++) {
            if (!isAsciiDigit(value.charAt(i))) {
                throw new Invalid("the first 17 characters of an ID number are digits");
            }
        }
        char last = value.charAt(17);
        if (!isAsciiDigit(last) && last != 'X') {
            throw new Invalid("the check character of an ID number is a digit or X");
        }
        IdKind kind = kindOf(value);
        if (kind == IdKind.RESIDENT_ID_CARD && !AdministrativeDivisions.gb2260().isCountyLevel(value.substring(0, 6))) {
            throw new Invalid("the address code of the ID number names no county-level area of any GB/T 2260 edition");
        }
        LocalDate birthDate;
        try {
            birthDate = LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
                    Integer.parseInt(value.substring(12, 14)));
        } catch (DateTimeException e) {
            throw new Invalid("the birth date in the ID number does not exist");
        }
        if (birthDate.isAfter(today)) {
            throw new Invalid("the birth date in the ID number is in the future");
        }
        if (birthDate.getYear() < EARLIEST_BIRTH_YEAR) {
            throw new Invalid("the birth date in the ID number is implausibly early");
        }
        if (checkCharacter(value.substring(0, 17)) != last) {
            throw new Invalid("the check character of the ID number is wrong");
        }
        int sequence = Integer.parseInt(value.substring(14, 17));
        return new IdNumber(value, birthDate, sequence % 2 == 1 ? "M" : "F", kind);
    }

    /** The document the number is printed on, told by its first six characters; Invalid when they fit none. */
    private static IdKind kindOf(String value) {
        String address = value.substring(0, 6);
        if (address.equals(HONG_KONG) || address.equals(MACAO)) {
            return IdKind.HK_MACAO_RESIDENCE_PERMIT;
        }
        if (address.equals(TAIWAN)) {
            return IdKind.TAIWAN_RESIDENCE_PERMIT;
        }
        if (value.charAt(0) == '9') {
            if (!PROVINCES.contains(value.substring(1, 3))) {
                throw new Invalid("the issuing place of the permanent residence card names no province");
            }
            if (NOT_FOREIGN.contains(value.substring(3, 6))) {
                throw new Invalid("the nationality code of the permanent residence card names no foreign country");
            }
            return IdKind.FOREIGN_PERMANENT_RESIDENCE_CARD;
        }
        if (!PROVINCES.contains(value.substring(0, 2))) {
            throw new Invalid("the address code of the ID number names no province");
        }
        return IdKind.RESIDENT_ID_CARD;
    }

    /**
     * The kind of a number stored before kinds were recorded. The rule then took any number of a province prefix
     * (71, 81 and 82 included) as a resident card's, so one that fits no kind today stays what it was accepted as.
     */
    public static IdKind kindOfStored(String value) {
        try {
            return kindOf(value);
        } catch (Invalid acceptedBefore) {
            return IdKind.RESIDENT_ID_CARD;
        }
    }

    /** True when {@code text} contains a valid ID number (its 18 characters, anywhere in it), as of any date. */
    public static boolean looksLikeOne(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i + 18 <= upper.length(); i++) {
            try {
                parse(upper.substring(i, i + 18), LocalDate.MAX);
                return true;
            } catch (Invalid notOne) {
                // keep looking
            }
        }
        return false;
    }

    /** The check character for the first 17 digits: weighted sum mod 11 mapped through 1 0 X 9 8 7 6 5 4 3 2. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** First 6 + 8 stars + last 4, as shown in every response: 110105********002X. */
    public static String mask(String value) {
        return value.substring(0, 6) + "********" + value.substring(14);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The full number, for storage and lookup only. */
    public String value() {
        return value;
    }

    public String masked() {
        return mask(value);
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    public IdKind kind() {
        return kind;
    }

    /** M for an odd sequence number, F for an even one. */
    public String gender() {
        return gender;
    }

    @Override
    public String toString() {
        return masked();
    }
}
