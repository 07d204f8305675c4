package cn.mutualaid.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a rollout data set (datasets/rollout-*.csv) through the gateway as an ADMIN: province rows (xx0000) through
 * the province rollout, area rows through the area rollout. Rows are applied in file order, so a history comes out as
 * it is written. {@code ./mesh demo --data-set 2024-12} plays it before the worked example.
 */
public final class RolloutDataSet {

    /** One row: the code, its step and since when. */
    public record Step(String code, String geographicScope, String kinshipScope, OffsetDateTime effectiveFrom) {
        boolean isProvince() {
            return code.endsWith("0000");
        }
    }

    private final MeshClient mesh;
    private final PrintStream out;

    public RolloutDataSet(MeshClient mesh, PrintStream out) {
        this.mesh = mesh;
        this.out = out;
    }

    public static List<Step> read(String name) {
        String resource = "/datasets/rollout-" + name + ".csv";
        try (InputStream in = RolloutDataSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no data set " + name + " (expected " + resource + ")");
            }
            List<Step> steps = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("code,")) {
                    continue;
                }
                String[] f = line.split(",");
                steps.add(new Step(f[0], f[1], f[2], OffsetDateTime.parse(f[3])));
            }
            return steps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies every step of the data set; answers how many were applied. */
    public int load(String name) {
        String admin = mesh.token("rollout-admin", null, "ADMIN");
        List<Step> steps = read(name);
        for (Step step : steps) {
            String since = step.effectiveFrom().toInstant().toString();
            if (step.isProvince()) {
                mesh.put("/api/v1/regions/provinces/" + step.code() + "/rollout", admin,
                        Map.of("crossProvince", "CROSS_PROVINCE".equals(step.geographicScope()),
                                "kinshipScope", step.kinshipScope(), "effectiveFrom", since)).expect(200);
            } else {
                mesh.put("/api/v1/regions/areas/" + step.code() + "/rollout", admin,
                        Map.of("geographicScope", step.geographicScope(), "kinshipScope", step.kinshipScope(),
                                "effectiveFrom", since)).expect(200);
            }
        }
        out.printf("rollout data set %s: %d steps applied%n", name, steps.size());
        return steps.size();
    }
}
