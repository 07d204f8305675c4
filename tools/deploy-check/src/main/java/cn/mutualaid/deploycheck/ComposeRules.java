package cn.mutualaid.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules over the resolved docker-compose configuration (the output of {@code docker-compose config}, where
 * anchors and variables are already expanded): every application is built from docker/Dockerfile with its own
 * module, has a health check, starts only after what it depends on is healthy, and only the gateway publishes
 * ports on the host (besides the observability UIs, on the loopback address only: the workstation's own browser).
 */
public final class ComposeRules {

    public static final Set<String> APPLICATIONS = Set.of(ManifestRules.GATEWAY, "insured-registry-service",
            "relation-service", "wallet-service", "settlement-service");
    static final Set<String> OBSERVABILITY_UIS = Set.of("jaeger", "prometheus", "grafana");
    static final String DOCKERFILE = "docker/Dockerfile";
    private static final Set<String> WAITING_CONDITIONS = Set.of("service_healthy", "service_completed_successfully");

    private ComposeRules() {
    }

    public static List<String> check(Map<String, Object> config) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> services = Tree.map(config, "services");
        for (String application : APPLICATIONS) {
            if (!services.containsKey(application)) {
                violations.add("service " + application + " is missing");
            }
        }
        services.forEach((name, definition) -> {
            String where = "service " + name;
            boolean gateway = ManifestRules.GATEWAY.equals(name);
            List<Object> ports = Tree.list(definition, "ports");
            if (!gateway && !ports.isEmpty() && !OBSERVABILITY_UIS.contains(name)) {
                violations.add(where + " publishes ports; only the gateway may");
            } else if (!gateway && !ports.stream().allMatch(ComposeRules::loopbackOnly)) {
                violations.add(where + " publishes a port beyond 127.0.0.1; an observability UI is for the workstation only");
            }
            if (!gateway && "host".equals(Tree.string(definition, "network_mode"))) {
                violations.add(where + " uses the host network; only the gateway may be reachable from the host");
            }
            checkDependencies(where, definition, services, violations);
            if (APPLICATIONS.contains(name)) {
                if (!hasHealthcheck(definition)) {
                    violations.add(where + " has no healthcheck");
                }
                String dockerfile = Tree.string(definition, "build", "dockerfile");
                if (dockerfile == null || !dockerfile.endsWith(DOCKERFILE)) {
                    violations.add(where + " is not built from " + DOCKERFILE);
                }
                if (!name.equals(Tree.string(definition, "build", "args", "MODULE"))) {
                    violations.add(where + " builds MODULE " + Tree.string(definition, "build", "args", "MODULE"));
                }
            }
        });
        return violations;
    }

    private static void checkDependencies(String where, Object definition, Map<String, Object> services,
            List<String> violations) {
        Object dependsOn = Tree.at(definition, "depends_on");
        if (dependsOn instanceof List<?> names && !names.isEmpty()) {
            violations.add(where + " depends_on " + names + " without a condition: it would start before they are ready");
            return;
        }
        Tree.map(definition, "depends_on").forEach((dependency, spec) -> {
            String condition = Tree.string(spec, "condition");
            if (!WAITING_CONDITIONS.contains(condition)) {
                violations.add(where + " depends_on " + dependency + " with condition " + condition
                        + " instead of service_healthy");
            } else if ("service_healthy".equals(condition) && !hasHealthcheck(services.get(dependency))) {
                violations.add(where + " waits for " + dependency + " to be healthy, but it has no healthcheck");
            }
        });
    }

    /** "127.0.0.1:3000:3000/tcp" (docker-compose 1.x) or {host_ip: 127.0.0.1, ...} (the compose specification). */
    private static boolean loopbackOnly(Object port) {
        return port instanceof Map<?, ?> map ? "127.0.0.1".equals(String.valueOf(map.get("host_ip")))
                : String.valueOf(port).startsWith("127.0.0.1:");
    }

    private static boolean hasHealthcheck(Object definition) {
        Map<String, Object> healthcheck = Tree.map(definition, "healthcheck");
        List<Object> test = Tree.list(healthcheck, "test");
        boolean disabled = Boolean.TRUE.equals(healthcheck.get("disable")) || (!test.isEmpty() && "NONE".equals(test.get(0)));
        return !disabled && (!test.isEmpty() || healthcheck.get("test") instanceof String);
    }
}
