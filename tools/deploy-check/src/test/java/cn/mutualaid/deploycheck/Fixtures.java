package cn.mutualaid.deploycheck;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The repository's rendered deployment files, rendered once per test JVM and parsed afresh for each use. */
final class Fixtures {

    static final Path ROOT = Commands.repositoryRoot();
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** A fresh, mutable parse of the overlay: tests may break it without affecting each other. */
    static List<Map<String, Object>> overlay(String overlay) {
        return Tree.parseAll(RENDERED.computeIfAbsent(overlay, name -> Deployment.renderOverlay(ROOT, name)));
    }

    static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(Tree.string(o, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
    }

    static List<Map<String, Object>> all(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    static List<String> names(List<Map<String, Object>> objects, String kind) {
        return all(objects, kind).stream().map(o -> Tree.string(o, "metadata", "name")).toList();
    }

    /** The first container of a workload's pod template. */
    static Map<String, Object> container(Map<String, Object> workload) {
        return Tree.maps(workload, "spec", "template", "spec", "containers").get(0);
    }
}
