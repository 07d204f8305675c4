package cn.mutualaid.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules over the resolved docker-compose configuration (the output of {@code docker-compose config}, where
 * anchors and variables are already expanded): every application is built from docker/Dockerfile with its own
 * module, has a health check, starts only after what it depends on is healthy, and only the gateway and the
 * identity provider (where clients get tokens) publish ports, besides the observability UIs (the workstation's own
 * browser), all on the host's loopback only. The applications check
 * tokens against the identity provider's realm (issuer, JWK set, audience), never a key file of their own.
 */
public final class ComposeRules {

    public static final Set<String> APPLICATIONS = Set.of(ManifestRules.GATEWAY, "insured-registry-service",
            "relation-service", "wallet-service", "settlement-service");
    public static final String IDENTITY_PROVIDER = "keycloak";
    public static final String REALM_ISSUER = "http://localhost:8180/realms/mutualaid";
    static final Set<String> OBSERVABILITY_UIS = Set.of("jaeger", "prometheus", "grafana");
    static final Set<String> PUBLISHING = Set.of(ManifestRules.GATEWAY, IDENTITY_PROVIDER, "jaeger", "prometheus",
            "grafana");
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
        if (!services.containsKey(IDENTITY_PROVIDER)) {
            violations.add("service " + IDENTITY_PROVIDER + " (the identity provider) is missing");
        }
        services.forEach((name, definition) -> {
            String where = "service " + name;
            boolean gateway = ManifestRules.GATEWAY.equals(name);
            List<Object> ports = Tree.list(definition, "ports");
            if (!PUBLISHING.contains(name) && !ports.isEmpty()) {
                violations.add(where + " publishes ports; only the gateway may");
            } else {
                ports.stream().map(ComposeRules::hostIp).filter(ip -> !"127.0.0.1".equals(ip)).forEach(ip ->
                        violations.add(where + " publishes a port on " + ip + " instead of 127.0.0.1"));
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
                checkTokenSettings(where, definition, violations);
            }
        });
        return violations;
    }

    /** Tokens only from the realm: its issuer and audience required, its keys, no private key or key file. */
    private static void checkTokenSettings(String where, Object definition, List<String> violations) {
        Map<String, Object> env = Tree.map(definition, "environment");
        if (!REALM_ISSUER.equals(Tree.string(env, "MESH_JWT_ISSUER"))) {
            violations.add(where + " does not expect the realm's issuer " + REALM_ISSUER);
        }
        String jwks = Tree.string(env, "MESH_JWT_JWK_SET_URI");
        if (jwks == null || !jwks.startsWith("http://" + IDENTITY_PROVIDER + ":")) {
            violations.add(where + " does not take keys from the identity provider's JWK set");
        }
        if (Tree.string(env, "MESH_JWT_AUDIENCE") == null) {
            violations.add(where + " names no audience (MESH_JWT_AUDIENCE)");
        }
        for (String local : List.of("MESH_JWT_PUBLIC_KEY", "MESH_JWT_PRIVATE_KEY", "SPRING_PROFILES_ACTIVE")) {
            if (env.containsKey(local)) {
                violations.add(where + " sets " + local + ": development keys and profiles are for ./mesh only");
            }
        }
    }

    /** "127.0.0.1:8080:8080/tcp" (docker-compose 1.x) or {host_ip: ..., published: ...} (Compose v2). */
    private static String hostIp(Object port) {
        if (port instanceof Map<?, ?> longSyntax) {
            Object ip = longSyntax.get("host_ip");
            return ip == null ? "0.0.0.0" : String.valueOf(ip);
        }
        String[] parts = String.valueOf(port).split(":");
        return parts.length == 3 ? parts[0] : "0.0.0.0";
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
    private static boolean hasHealthcheck(Object definition) {
        Map<String, Object> healthcheck = Tree.map(definition, "healthcheck");
        List<Object> test = Tree.list(healthcheck, "test");
        boolean disabled = Boolean.TRUE.equals(healthcheck.get("disable")) || (!test.isEmpty() && "NONE".equals(test.get(0)));
        return !disabled && (!test.isEmpty() || healthcheck.get("test") instanceof String);
    }
}
