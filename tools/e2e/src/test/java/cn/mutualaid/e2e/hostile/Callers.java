package cn.mutualaid.e2e.hostile;

import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.RunningMesh;
import cn.mutualaid.e2e.hostile.HostileInputIT.Sender;
import cn.mutualaid.e2e.hostile.Operations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who sends the probes: for each operation a role the route allows (the gateway's route-role matrix: the first role
 * API.md names that the gateway passes on; a route the matrix does not know yet is tried with each role), and tokens
 * of many subjects, because the gateway rate-limits per subject and the harness is one fast client.
 */
final class Callers {
    static final Path MATRIX = RunningMesh.REPO.resolve("gateway/src/test/resources/access/route-role-matrix.csv");
    static final List<String> ROLES = List.of("INSURED", "PROVIDER", "AGENCY", "CLEARING", "ADMIN");
    /** Below the gateway's smallest burst per subject (payments: 10). */
    private static final int USES_PER_TOKEN = 8;

    private final MeshClient mesh;
    private final Map<String, String> matrixRoles = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private int subjects;

    Callers(MeshClient mesh) {
        this.mesh = mesh;
        try {
            for (String line : Files.readAllLines(MATRIX)) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("method,")) {
                    continue;
                }
                String[] cell = line.split(",", -1);
                String role = allowedRole(cell);
                if (role != null) {
                    matrixRoles.putIfAbsent(cell[0] + " " + shape(cell[1]), role);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first role that API.md names for the route ("any": the first) and the gateway lets through. */
    private static String allowedRole(String[] cell) {
        String who = cell[3];
        for (int i = 0; i < ROLES.size(); i++) {
            String role = ROLES.get(i);
            if ((who.equals("any") || who.contains(role)) && "allow".equals(cell[5 + i])) {
                return role;
            }
        }
        return null;
    }

    /** A path with its placeholders blanked, so that {id} and {relationId} compare equal. */
    private static String shape(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }

    String roleFor(Operation op, Sender sender) {
        String known = matrixRoles.get(op.method() + " " + shape(op.path()));
        if (known != null) {
            return known;
        }
        // A route the matrix does not list yet: the first role neither the gateway nor the service turns away.
        String uri = Probes.uri(op, Map.of(), Map.of());
        for (String role : ROLES) {
            int status = sender.send(op.method(), uri, token(role), op.body() == null ? null : "application/json",
                    op.body() == null ? null : "{").statusCode();
            if (status != 401 && status != 403) {
                return role;
            }
        }
        return "AGENCY";
    }

    /** A token of the role, for a subject that has sent fewer than {@link #USES_PER_TOKEN} requests. */
    String token(String role) {
        int used = uses.merge(role, 1, Integer::sum);
        if (!tokens.containsKey(role) || used > USES_PER_TOKEN) {
            uses.put(role, 1);
            String subject = "hostile-" + role.toLowerCase() + "-" + (++subjects);
            tokens.put(role, mesh.token(subject, "AGENCY".equals(role) ? "320500" : null, role));
        }
        return tokens.get(role);
    }
}
