package cn.mutualaid.registry.person.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every county-level GB/T 2260 code of every edition since 1980 (classpath {@value #RESOURCE}, columns
 * code,name,first,last). A resident card's number keeps the code of the county where it was first issued, abolished
 * since or not, so an address code is checked against all editions, never only the current one. Immutable; the
 * classpath list is read once, on first use.
 */
public final class AdministrativeDivisions {
    public static final String RESOURCE = "regions/gb2260-counties.csv";
    private static final String HEADER = "code,name,first,last";
    private static final String CURRENT = "current";
    /** County-level codes: not a province's (xx0000); the first digit names a region of China (1-8). */
    private static final Pattern CODE = Pattern.compile("[1-8][0-9](?!0000)[0-9]{4}");
    private static final Pattern YEAR = Pattern.compile("(19|20)[0-9]{2}");

    /** One code with the name of its newest edition and the years of the first and last edition that list it. */
    public record Division(String code, String name, int firstYear, Optional<Integer> lastYear) {
        /** True when the newest edition still lists the code. */
        public boolean current() {
            return lastYear.isEmpty();
        }
    }

    private final Map<String, Division> byCode;

    private AdministrativeDivisions(Map<String, Division> byCode) {
        this.byCode = Map.copyOf(byCode);
    }

    /** The classpath list, read and checked once; a broken file fails the first ID number checked, loudly. */
    public static AdministrativeDivisions gb2260() {
        return Classpath.LIST;
    }

    /** True when {@code code} was a county-level area in any edition since 1980. */
    public boolean isCountyLevel(String code) {
        return byCode.containsKey(code);
    }

    public Optional<Division> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public int size() {
        return byCode.size();
    }

    /**
     * Parses the lines of the list: comment lines ({@code #}, naming the source) first, then the header, then one
     * code per line. Checked as read: a malformed or duplicate row refuses the whole list rather than a code.
     */
    public static AdministrativeDivisions parse(List<String> lines) {
        int n = 0;
        while (n < lines.size() && lines.get(n).replace("\uFEFF", "").startsWith("#")) {
            n++;
        }
        if (n == lines.size() || !lines.get(n).strip().equals(HEADER)) {
            throw new IllegalStateException("division list must have the header " + HEADER + " after its comments");
        }
        Map<String, Division> byCode = new HashMap<>();
        for (n++; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            Division division = row(line.split(",", -1), n + 1);
            if (byCode.putIfAbsent(division.code(), division) != null) {
                throw broken(n + 1, "code " + division.code() + " is listed twice");
            }
        }
        return new AdministrativeDivisions(byCode);
    }

    private static Division row(String[] cols, int lineNumber) {
        if (cols.length != 4) {
            throw broken(lineNumber, "expected 4 columns");
        }
        if (!CODE.matcher(cols[0]).matches()) {
            throw broken(lineNumber, "not a county-level code");
        }
        if (cols[1].isBlank()) {
            throw broken(lineNumber, "name is blank");
        }
        int first = year(cols[2], lineNumber);
        Optional<Integer> last = cols[3].equals(CURRENT) ? Optional.empty() : Optional.of(year(cols[3], lineNumber));
        if (last.isPresent() && last.get() < first) {
            throw broken(lineNumber, "last edition before the first");
        }
        return new Division(cols[0], cols[1], first, last);
    }

    private static int year(String text, int lineNumber) {
        if (!YEAR.matcher(text).matches()) {
            throw broken(lineNumber, "expected a year, found " + text);
        }
        return Integer.parseInt(text);
    }

    private static IllegalStateException broken(int lineNumber, String reason) {
        return new IllegalStateException("line " + lineNumber + ": " + reason);
    }

    /** Holder, so the list is read on first use and exactly once. */
    private static final class Classpath {
        static final AdministrativeDivisions LIST = read();

        private static AdministrativeDivisions read() {
            InputStream in = AdministrativeDivisions.class.getClassLoader().getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("division list " + RESOURCE + " is not on the classpath");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return parse(reader.lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
