package cn.mutualaid.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rules over the alert rules and dashboards, as a parser can check them without a Prometheus: every alert has an
 * expression, a {@code for}, a severity, a summary and a runbook section that exists in docs/runbooks.md, and every
 * metric an expression selects is one the code registers (a {@code "mesh.…"} name in some src/main/java) or a standard
 * name (Spring Boot and Micrometer, the Kafka binder, Prometheus itself). Selectors are written with braces
 * ({@code name{…}} or {@code name{}}), which is how the checker finds them.
 */
public final class AlertRules {
    static final Set<String> SEVERITIES = Set.of("critical", "warning");
    /** Metric families defined outside this repository, by the Prometheus name of their family. */
    static final Map<String, String> STANDARD = Map.of(
            "http_server_requests_seconds", "Spring Boot's HTTP server observation (Micrometer)",
            "http_client_requests_seconds", "Spring Boot's HTTP client observation (Micrometer)",
            "spring_cloud_gateway_requests_seconds", "Spring Cloud Gateway's route observation",
            "spring_cloud_stream_binder_kafka_offset", "the Kafka binder's consumer lag (KafkaBinderMetrics)",
            "jvm_memory_used_bytes", "Micrometer's JvmMemoryMetrics",
            "up", "Prometheus: did the last scrape succeed");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_max", "_total");
    private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", ".mesh");
    private static final Pattern RUNBOOK = Pattern.compile("docs/runbooks\\.md#([a-z0-9-]+)");

    private AlertRules() {
    }

    /** Violations of the rule file's alerts; {@code root} is the repository (runbooks and sources are read there). */
    public static List<String> check(Map<String, Object> ruleFile, Path root) {
        List<String> violations = new ArrayList<>();
        Set<String> anchors = anchors(root.resolve("docs/runbooks.md"));
        Set<String> registered = registeredMeters(root);
        List<Map<String, Object>> groups = Tree.maps(ruleFile, "groups");
        if (groups.isEmpty()) {
            violations.add("no rule groups");
        }
        for (Map<String, Object> group : groups) {
            for (Map<String, Object> rule : Tree.maps(group, "rules")) {
                String alert = Tree.string(rule, "alert");
                String where = "alert " + alert;
                if (alert == null) {
                    continue;
                }
                String expr = Tree.string(rule, "expr");
                if (expr == null || expr.isBlank()) {
                    violations.add(where + " has no expr");
                } else {
                    unknownMetrics(expr, registered).forEach(m -> violations.add(where + " uses unknown metric " + m));
                }
                if (Tree.string(rule, "for") == null) {
                    violations.add(where + " has no for");
                }
                if (!SEVERITIES.contains(Tree.string(rule, "labels", "severity"))) {
                    violations.add(where + " has severity " + Tree.string(rule, "labels", "severity"));
                }
                if (Tree.string(rule, "annotations", "summary") == null) {
                    violations.add(where + " has no summary");
                }
                String runbook = Tree.string(rule, "annotations", "runbook_url");
                Matcher m = RUNBOOK.matcher(runbook == null ? "" : runbook);
                if (!m.matches()) {
                    violations.add(where + " has runbook_url " + runbook + ", not docs/runbooks.md#<section>");
                } else if (!anchors.contains(m.group(1))) {
                    violations.add(where + " links to runbook section #" + m.group(1) + ", which docs/runbooks.md lacks");
                }
            }
        }
        return violations;
    }

    /** The metric families an expression selects that neither the code nor {@link #STANDARD} defines. */
    public static List<String> unknownMetrics(String expr, Set<String> registered) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            String family = family(m.group(1));
            if (!STANDARD.containsKey(family) && !registered.contains(family)) {
                unknown.add(m.group(1));
            }
        }
        if (!SELECTOR.matcher(expr).find()) {
            unknown.add("(no metric selector with braces in: " + expr.strip() + ")");
        }
        return List.copyOf(unknown);
    }

    /** A Prometheus series name without the suffixes a counter, timer or histogram adds. */
    static String family(String series) {
        for (String suffix : SUFFIXES) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }

    /**
     * The Prometheus family names of the meters the code registers: every {@code "mesh.…"} string literal of a
     * src/main/java file, with dots as underscores (a timer's family also ends in {@code _seconds}).
     */
    public static Set<String> registeredMeters(Path root) {
        Pattern literal = Pattern.compile("\"(mesh(?:\\.[a-z0-9-]+)+)\"");
        Set<String> names = new java.util.HashSet<>();
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                        java.nio.file.attribute.BasicFileAttributes attributes) {
                    return SKIPPED.contains(dir.getFileName().toString())
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file,
                        java.nio.file.attribute.BasicFileAttributes attributes) {
                    if (file.toString().endsWith(".java") && file.toString().contains("/src/main/java/")) {
                        Matcher m = literal.matcher(read(file));
                        while (m.find()) {
                            String name = m.group(1).replace('.', '_').replace('-', '_');
                            names.add(name);
                            names.add(name + "_seconds");
                        }
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** GitHub's anchors of a markdown file's headings: lower case, spaces to dashes, punctuation dropped. */
    static Set<String> anchors(Path markdown) {
        return read(markdown).lines().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
