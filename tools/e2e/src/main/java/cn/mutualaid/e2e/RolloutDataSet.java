package cn.mutualaid.e2e;

import static cn.mutualaid.e2e.MeshClient.as;

import cn.mutualaid.client.api.RegionsAndRolloutApi;
import cn.mutualaid.client.model.AreaRolloutRequest;
import cn.mutualaid.client.model.RolloutRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
        RegionsAndRolloutApi regions = mesh.api(RegionsAndRolloutApi::new);
        for (Step step : steps) {
            // An instant, as the API reads it (the data set writes China time).
            OffsetDateTime since = step.effectiveFrom().withOffsetSameInstant(ZoneOffset.UTC);
            if (step.isProvince()) {
                RolloutRequest rollout = new RolloutRequest()
                        .crossProvince("CROSS_PROVINCE".equals(step.geographicScope()))
                        .kinshipScope(RolloutRequest.KinshipScopeEnum.fromValue(step.kinshipScope()))
                        .effectiveFrom(since);
                mesh.send(() -> regions.changeRolloutRegionWithHttpInfo(step.code(), rollout, as(admin))).expect(200);
            } else {
                AreaRolloutRequest rollout = new AreaRolloutRequest()
                        .geographicScope(AreaRolloutRequest.GeographicScopeEnum.fromValue(step.geographicScope()))
                        .kinshipScope(AreaRolloutRequest.KinshipScopeEnum.fromValue(step.kinshipScope()))
                        .effectiveFrom(since);
                mesh.send(() -> regions.changeAreaRolloutWithHttpInfo(step.code(), rollout, as(admin))).expect(200);
            }
        }
        out.printf("rollout data set %s: %d steps applied%n", name, steps.size());
        return steps.size();
    }
}
