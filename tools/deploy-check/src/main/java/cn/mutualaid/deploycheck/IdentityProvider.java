package cn.mutualaid.deploycheck;

import java.util.List;

/**
 * The identity provider (Keycloak) is the one thing besides the gateway that clients outside the cluster reach: its
 * token and login endpoints ({@code /realms/...}) and their static resources, never its admin console or API
 * ({@code /admin}), which administrators reach inside the cluster.
 */
final class IdentityProvider {
    static final String SERVICE = "keycloak";
    static final List<String> PUBLIC_PATHS = List.of("/realms/", "/resources/");

    private IdentityProvider() {
    }

    static boolean isPublicPath(String path) {
        return path != null && PUBLIC_PATHS.stream().anyMatch(path::startsWith) && !path.contains("/admin");
    }
}
