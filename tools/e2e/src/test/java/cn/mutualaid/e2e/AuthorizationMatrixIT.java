package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.e2e.MeshClient.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every served route of docs/api.md × every role (and no token) against the whole mesh, from the gateway's matrix file:
 * a 401/403 there must be exactly that here; a role the route does not name must never succeed; an allowed role
 * is never turned away as unauthenticated and never causes a server error.
 */
@ExtendWith(RunningMesh.class)
class AuthorizationMatrixIT {
    static final Path MATRIX = RunningMesh.REPO.resolve("gateway/src/test/resources/access/route-role-matrix.csv");
    static final List<String> ROLES = List.of("INSURED", "PROVIDER", "AGENCY", "CLEARING", "ADMIN");

    private final MeshClient mesh = RunningMesh.client();
    private final Fixtures fx = new Fixtures(mesh);

    @Test
    void everyRouteAndRoleIsDecidedAsTheMatrixSays() throws IOException {
        String person = fx.person("320500", "EMPLOYEE");
        Map<String, String> values = Map.ofEntries(Map.entry("{personId}", person),
                Map.entry("{relationId}", "rel-unknown"), Map.entry("{paymentId}", "pay-unknown"),
                Map.entry("{code}", "990000"), Map.entry("{yyyymm}", "199001"), Map.entry("{province}", "990000"),
                Map.entry("{name}", "unknown"), Map.entry("{providerId}", "prov-unknown"),
                Map.entry("{transferId}", "transfer-unknown"), Map.entry("{creditId}", "credit-unknown"),
                Map.entry("{topUpId}", "top-up-unknown"), Map.entry("{id}", "99999999"),
                Map.entry("{deviceId}", "999999999999"));
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        int areaChecks = 0;
        for (String line : Files.readAllLines(MATRIX)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("method,")) {
                continue;
            }
            String[] cell = line.split(",", -1);
            String method = cell[0];
            String path = cell[1];
            for (Map.Entry<String, String> v : values.entrySet()) {
                path = path.replace(v.getKey(), v.getValue());
            }
            String who = cell[3];
            List<String> expected = new ArrayList<>(List.of(cell).subList(4, 10));
            // The area dimension of a read: an agency of another province must not learn that the person exists.
            if ("GET".equals(method) && cell[1].contains("{personId}") && who.contains("AGENCY")) {
                String elsewhere = mesh.token("agency-elsewhere", "410100", "AGENCY");
                softly.assertThat(mesh.call(method, path, elsewhere, null, null).status())
                        .as("%s %s as an agency of another province", method, path).isEqualTo(404);
                areaChecks++;
            }
            Reply anonymous = mesh.call(method, path, null, null, null);
            softly.assertThat(anonymous.status()).as("%s %s without a token", method, path).isEqualTo(401);
            checked++;
            for (int i = 0; i < ROLES.size(); i++) {
                String role = ROLES.get(i);
                String verdict = expected.get(i + 1);
                String token = mesh.token(tokenSubject(role, person), "AGENCY".equals(role) ? "320500" : null, role);
                Object body = "GET".equals(method) ? null : Map.of();
                Reply reply = mesh.call(method, path, token, body, "matrix-" + checked);
                checked++;
                if (!"allow".equals(verdict)) {
                    softly.assertThat(reply.status()).as("%s %s as %s", method, path, role)
                            .isEqualTo(Integer.parseInt(verdict));
                    continue;
                }
                softly.assertThat(reply.status()).as("%s %s as %s: passed on, never unauthenticated", method, path, role)
                        .isNotEqualTo(401).isLessThan(500);
                if (!who.equals("any") && !who.contains(role)) {
                    softly.assertThat(reply.ok()).as("%s %s as %s (not in '%s') must not succeed", method, path, role, who)
                            .isFalse();
                }
            }
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(areaChecks).as("reads of a person checked from another province").isGreaterThanOrEqualTo(4);
        softly.assertAll();
    }

    private static String tokenSubject(String role, String person) {
        return "INSURED".equals(role) ? person : role.toLowerCase() + "-matrix";
    }
}
