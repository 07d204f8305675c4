package cn.mutualaid.deploycheck;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The repository's deployment files as the tools render them: Kustomize overlays and the compose file. */
public final class Deployment {

    public static final List<String> OVERLAYS = List.of("local", "production");

    private Deployment() {
    }

    /** The YAML of {@code kubectl kustomize k8s/overlays/<overlay>}, failing with kubectl's message. */
    public static String renderOverlay(Path root, String overlay) {
        Commands.Result result = Commands.run(root, kubectl(), "kustomize", "k8s/overlays/" + overlay);
        if (!result.ok()) {
            throw new IllegalStateException("kubectl kustomize k8s/overlays/" + overlay + " failed: " + result.describe());
        }
        return result.stdout();
    }

    public static List<Map<String, Object>> overlayObjects(Path root, String overlay) {
        return Tree.parseAll(renderOverlay(root, overlay));
    }

    /** {@code docker-compose config -q}: validates the file and prints nothing when it is valid. */
    public static Commands.Result validateCompose(Path root) {
        return Commands.run(root, dockerCompose(), "-f", "docker-compose.yml", "config", "-q");
    }

    /** The resolved compose configuration ({@code docker-compose config}). */
    public static Map<String, Object> composeConfig(Path root) {
        Commands.Result result = Commands.run(root, dockerCompose(), "-f", "docker-compose.yml", "config");
        if (!result.ok()) {
            throw new IllegalStateException("docker-compose config failed: " + result.describe());
        }
        return Tree.parse(result.stdout());
    }

    private static String kubectl() {
        return Commands.executable("kubectl", "/usr/bin/kubectl", "/usr/local/bin/kubectl");
    }

    private static String dockerCompose() {
        return Commands.executable("docker-compose", "/usr/bin/docker-compose");
    }
}
