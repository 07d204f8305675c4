package cn.mutualaid.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alert rules, dashboards and scrape configuration: parsed and checked on every run, and handed to promtool when
 * it is installed (Debian's prometheus package has it).
 */
class ObservabilityTest {
    static final Path RULES = Fixtures.ROOT.resolve("docker/prometheus/alerts.yml");
    static final Path DASHBOARDS = Fixtures.ROOT.resolve("k8s/base/observability/dashboards");

    @Test
    void everyAlertIsCompleteAndUsesKnownMetrics() throws IOException {
        Map<String, Object> rules = Tree.parse(Files.readString(RULES));

        assertThat(AlertRules.check(rules, Fixtures.ROOT)).isEmpty();
        assertThat(alertNames(rules)).contains("MeshHttp5xxRate", "MeshRateLimited", "MeshPaymentLatencyHigh",
                "MeshConsumerLag", "MeshOutboxBacklog", "MeshOutboxStale", "MeshMessagesParked", "MeshSagasStuck",
                "MeshReconciliationMismatch", "MeshPrepaidFundLow");
    }

    @Test
    void brokenAlertsAreReported() {
        Map<String, Object> rules = Tree.parse("""
                groups:
                  - name: broken
                    rules:
                      - alert: NoRunbookSection
                        expr: mesh_saga_stuck{} > 0
                        for: 1m
                        labels: {severity: critical}
                        annotations: {summary: x, runbook_url: docs/runbooks.md#nosuchsection}
                      - alert: Incomplete
                        expr: sum(rate(mesh_nothing_like_this_total{}[5m])) > 0
                        labels: {severity: page}
                        annotations: {runbook_url: "https://example.invalid/"}
                """);

        assertThat(AlertRules.check(rules, Fixtures.ROOT)).containsExactlyInAnyOrder(
                "alert NoRunbookSection links to runbook section #nosuchsection, which docs/runbooks.md lacks",
                "alert Incomplete uses unknown metric mesh_nothing_like_this_total",
                "alert Incomplete has no for",
                "alert Incomplete has severity page",
                "alert Incomplete has no summary",
                "alert Incomplete has runbook_url https://example.invalid/, not docs/runbooks.md#<section>");
    }

    @Test
    void theKubernetesPrometheusRuleHasExactlyTheComposeRules() throws IOException {
        Map<String, Object> compose = Tree.parse(Files.readString(RULES));
        Map<String, Object> rule = Fixtures.find(Fixtures.overlay("production"), "PrometheusRule", "mesh-alerts");

        assertThat(Tree.list(rule, "spec", "groups")).isEqualTo(Tree.list(compose, "groups"));
        assertThat(Tree.string(rule, "metadata", "labels", "mutualaid.cn/monitoring")).isEqualTo("true");
    }

    @Test
    void promtoolAcceptsTheRules() {
        String promtool = Commands.executable("promtool");
        assumeTrue(Files.isExecutable(Path.of(promtool)), "promtool is not installed (apt-get install prometheus)");

        Commands.Result result = Commands.run(Fixtures.ROOT, promtool, "check", "rules", RULES.toString());

        assertThat(result.ok()).as(result.describe() + "\n" + result.stdout()).isTrue();
        assertThat(result.stdout()).contains("SUCCESS");
    }

    @Test
    void dashboardsExistForEachAreaAndQueryKnownMetrics() throws IOException {
        Set<String> registered = AlertRules.registeredMeters(Fixtures.ROOT);
        for (String name : List.of("payments", "sagas", "clearing", "platform-health")) {
            Map<String, Object> dashboard = Tree.parse(Files.readString(DASHBOARDS.resolve(name + ".json")));
            assertThat(Tree.string(dashboard, "uid")).isEqualTo("mesh-" + name);
            List<Map<String, Object>> panels = Tree.maps(dashboard, "panels");
            assertThat(panels).as(name).isNotEmpty();
            for (Map<String, Object> panel : panels) {
                for (Map<String, Object> target : Tree.maps(panel, "targets")) {
                    assertThat(AlertRules.unknownMetrics(Tree.string(target, "expr"), registered))
                            .as("%s / %s", name, Tree.string(panel, "title")).isEmpty();
                }
            }
        }
        Map<String, Object> configMap = Fixtures.overlay("local").stream()
                .filter(o -> "ConfigMap".equals(o.get("kind"))
                        && Tree.string(o, "metadata", "name").startsWith("mesh-dashboards"))
                .findFirst().orElseThrow();
        assertThat(Tree.string(configMap, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
        assertThat(Tree.map(configMap, "data")).containsOnlyKeys("payments.json", "sagas.json", "clearing.json",
                "platform-health.json");
    }

    @Test
    void prometheusScrapesEveryApplicationInComposeAndKubernetes() throws IOException {
        Map<String, Object> scrape = Tree.parse(Files.readString(Fixtures.ROOT.resolve("docker/prometheus/prometheus.yml")));
        List<String> jobs = new ArrayList<>();
        for (Map<String, Object> job : Tree.maps(scrape, "scrape_configs")) {
            jobs.add(Tree.string(job, "job_name"));
            assertThat(Tree.string(job, "metrics_path")).isEqualTo("/actuator/prometheus");
        }
        assertThat(jobs).containsExactlyInAnyOrderElementsOf(ComposeRules.APPLICATIONS);
        assertThat(Tree.list(scrape, "rule_files")).containsExactly("/etc/prometheus/alerts.yml");

        Map<String, Object> monitor = Fixtures.find(Fixtures.overlay("production"), "PodMonitor",
                "mesh-applications");
        assertThat(Tree.list(Tree.maps(monitor, "spec", "selector", "matchExpressions").get(0), "values"))
                .containsExactlyInAnyOrderElementsOf(ComposeRules.APPLICATIONS);
        Map<String, Object> endpoint = Tree.maps(monitor, "spec", "podMetricsEndpoints").get(0);
        assertThat(Tree.string(endpoint, "path")).isEqualTo("/actuator/prometheus");
        assertThat(Tree.string(endpoint, "port")).as("the management port, which no Service exposes").isEqualTo("management");
        assertThat(Tree.string(monitor, "spec", "jobLabel")).isEqualTo("app.kubernetes.io/name");
    }

    @Test
    void everyApplicationExportsSpansToTheCollectorInKubernetes() {
        Map<String, Object> common = Fixtures.overlay("production").stream()
                .filter(o -> "ConfigMap".equals(o.get("kind"))
                        && Tree.string(o, "metadata", "name").startsWith("mesh-common"))
                .findFirst().orElseThrow();
        assertThat(Tree.string(common, "data", "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT"))
                .isEqualTo("http://jaeger:4318/v1/traces");
        Fixtures.find(Fixtures.overlay("production"), "Service", "jaeger");
    }

    private static List<String> alertNames(Map<String, Object> rules) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> group : Tree.maps(rules, "groups")) {
            for (Map<String, Object> rule : Tree.maps(group, "rules")) {
                names.add(Tree.string(rule, "alert"));
            }
        }
        return names;
    }
}
