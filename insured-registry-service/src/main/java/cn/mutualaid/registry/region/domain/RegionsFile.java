package cn.mutualaid.registry.region.domain;

import cn.mutualaid.kernel.PoolingArea;
import cn.mutualaid.kernel.Province;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the versioned region list (classpath {@code regions/regions-vN.csv}, columns code,name,level,province).
 * The file is checked as it is read: a broken file must stop the migration, not load half a country.
 */
public final class RegionsFile {
    public static final String CURRENT = "regions/regions-v1.csv";
    private static final String HEADER = "code,name,level,province";
    private static final Pattern CODE = Pattern.compile("[1-9][0-9]{5}");

    private RegionsFile() {
    }

    public static List<Region> readCurrent() {
        return read(CURRENT);
    }

    public static List<Region> read(String resource) {
        InputStream in = RegionsFile.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("region file " + resource + " is not on the classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the lines (header first); provinces must precede their prefectures. */
    static List<Region> parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).strip().replace("\uFEFF", "").equals(HEADER)) {
            throw new IllegalStateException("region file must start with the header " + HEADER);
        }
        List<Region> regions = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> provinces = new HashSet<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split(",", -1);
            if (cols.length != 4) {
                throw new IllegalStateException("line " + (n + 1) + ": expected 4 columns");
            }
            String code = cols[0].strip();
            String name = cols[1].strip();
            String province = cols[3].strip();
            if (!CODE.matcher(code).matches() || !CODE.matcher(province).matches() || name.isEmpty()) {
                throw new IllegalStateException("line " + (n + 1) + ": malformed code or empty name");
            }
            Region.Level level = Region.Level.valueOf(cols[2].strip());
            if (!codes.add(code)) {
                throw new IllegalStateException("line " + (n + 1) + ": duplicate code " + code);
            }
            if (!Province.isCode(province) || !Province.of(province).contains(PoolingArea.of(code))) {
                throw new IllegalStateException("line " + (n + 1) + ": " + code + " is not inside province " + province);
            }
            if (level == Region.Level.PROVINCE) {
                if (!code.equals(province)) {
                    throw new IllegalStateException("line " + (n + 1) + ": a province is its own province");
                }
                provinces.add(code);
            } else if (!provinces.contains(province)) {
                throw new IllegalStateException("line " + (n + 1) + ": province " + province + " is not listed above");
            } else if (code.equals(province)) {
                throw new IllegalStateException("line " + (n + 1) + ": a prefecture cannot reuse its province code");
            }
            regions.add(new Region(code, name, level, province));
        }
        return List.copyOf(regions);
    }
}
