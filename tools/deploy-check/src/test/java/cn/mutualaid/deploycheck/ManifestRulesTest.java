package cn.mutualaid.deploycheck;

import static cn.mutualaid.deploycheck.Fixtures.container;
import static cn.mutualaid.deploycheck.Fixtures.find;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks can fail: each test breaks one thing in the real rendered local overlay (or feeds a hand-written
 * broken object) and asserts that exactly that is reported.
 */
class ManifestRulesTest {

    private final List<Map<String, Object>> objects = new ArrayList<>(Fixtures.overlay("local"));

    @Test
    void theUnbrokenOverlayPasses() {
        assertThat(ManifestRules.check(objects)).isEmpty();
    }

    @Test
    void aDeploymentWithoutProbesIsReported() {
        Map<String, Object> app = container(find(objects, "Deployment", "wallet-service"));
        app.remove("readinessProbe");
        app.remove("livenessProbe");

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Deployment/wallet-service container app has no readinessProbe",
                "Deployment/wallet-service container app has no livenessProbe");
    }

    @Test
    void aHandWrittenBareDeploymentIsReportedOnEveryCount() {
        objects.addAll(Tree.parseAll("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: sidecar-tool
                spec:
                  template:
                    metadata:
                      labels: {app: sidecar-tool}
                    spec:
                      containers:
                        - name: tool
                          image: busybox
                """));

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Deployment/sidecar-tool container tool has no readinessProbe",
                "Deployment/sidecar-tool container tool has no livenessProbe",
                "Deployment/sidecar-tool container tool has no resources.requests.cpu",
                "Deployment/sidecar-tool container tool has no resources.requests.memory",
                "Deployment/sidecar-tool container tool has no resources.limits.cpu",
                "Deployment/sidecar-tool container tool has no resources.limits.memory",
                "Deployment/sidecar-tool container tool does not set runAsNonRoot: true",
                "Deployment/sidecar-tool container tool does not set allowPrivilegeEscalation: false",
                "Deployment/sidecar-tool container tool does not set readOnlyRootFilesystem: true",
                "Deployment/sidecar-tool container tool does not drop ALL capabilities");
    }

    @Test
    void missingLimitsAreReported() {
        Tree.map(container(find(objects, "Deployment", "gateway")), "resources").remove("limits");

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Deployment/gateway container app has no resources.limits.cpu",
                "Deployment/gateway container app has no resources.limits.memory");
    }

    @Test
    void aContainerThatMayRunAsRootIsReported() {
        Map<String, Object> security = Tree.map(container(find(objects, "Deployment", "relation-service")), "securityContext");
        security.put("runAsNonRoot", false);
        security.put("runAsUser", 0);

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Deployment/relation-service container app does not set runAsNonRoot: true",
                "Deployment/relation-service container app runs as uid 0");
    }

    @Test
    void theContainerSettingOverridesThePodSetting() {
        Map<String, Object> deployment = find(objects, "Deployment", "redis");
        Tree.map(container(deployment), "securityContext").remove("runAsNonRoot");
        assertThat(ManifestRules.check(objects)).as("inherited from the pod").isEmpty();

        Tree.map(deployment, "spec", "template", "spec", "securityContext").remove("runAsNonRoot");
        assertThat(ManifestRules.check(objects)).containsExactly(
                "Deployment/redis container redis does not set runAsNonRoot: true");
    }

    @Test
    void anotherServiceAdmittedToADatabaseIsReported() {
        objects.addAll(Tree.parseAll("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: relation-reads-wallet
                spec:
                  podSelector:
                    matchLabels: {cnpg.io/cluster: wallet-db}
                  ingress:
                    - from:
                        - podSelector:
                            matchLabels: {app.kubernetes.io/name: relation-service}
                      ports:
                        - port: 5432
                """));

        assertThat(ManifestRules.check(objects)).containsExactly(
                "Cluster/wallet-db (by NetworkPolicy/relation-reads-wallet) admits Deployment/relation-service");
    }

    @Test
    void aSelectorBroaderThanTheOwnerIsReported() {
        Map<String, Object> rule = Tree.maps(find(objects, "NetworkPolicy", "settlement-db"), "spec", "ingress").get(0);
        Map<String, Object> peer = Tree.maps(rule, "from").get(0);
        peer.put("podSelector", Tree.parse("matchLabels: {app.kubernetes.io/component: app}"));

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Cluster/settlement-db (by NetworkPolicy/settlement-db) admits Deployment/gateway",
                "Cluster/settlement-db (by NetworkPolicy/settlement-db) admits Deployment/insured-registry-service",
                "Cluster/settlement-db (by NetworkPolicy/settlement-db) admits Deployment/relation-service",
                "Cluster/settlement-db (by NetworkPolicy/settlement-db) admits Deployment/wallet-service");
    }

    @Test
    void aRuleWithoutSourcesOrFromOtherNamespacesIsReported() {
        List<Map<String, Object>> rules = Tree.maps(find(objects, "NetworkPolicy", "registry-db"), "spec", "ingress");
        rules.get(0).remove("from");
        Tree.maps(rules.get(2), "ports").get(0).put("port", "postgresql");

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Cluster/registry-db (by NetworkPolicy/registry-db) admits every source on PostgreSQL",
                "Cluster/registry-db (by NetworkPolicy/registry-db) admits pods of other namespaces on PostgreSQL");
    }

    @Test
    void aDatabaseItsOwnerCannotReachOrNothingIsolatesIsReported() {
        objects.remove(find(objects, "NetworkPolicy", "wallet-db"));
        assertThat(ManifestRules.check(objects)).containsExactly(
                "Cluster/wallet-db is not reachable on PostgreSQL from its own service wallet-service");

        objects.remove(find(objects, "NetworkPolicy", "default-deny-ingress"));
        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "NetworkPolicy no default-deny ingress policy (podSelector {}, no ingress rules)",
                "Cluster/wallet-db is selected by no NetworkPolicy, so every pod may reach it",
                "Cluster/wallet-db is not reachable on PostgreSQL from its own service wallet-service");
    }

    @Test
    void aDatabaseWithoutAnOwnerIsReported() {
        Tree.map(find(objects, "Cluster", "relation-db"), "metadata", "labels").remove(ManifestRules.OWNER_LABEL);

        assertThat(ManifestRules.check(objects)).containsExactly(
                "Cluster/relation-db has no mutualaid.cn/owner label naming the one service that may use it");
    }

    @Test
    void onlyTheGatewayMayBeExposed() {
        Tree.map(find(objects, "Service", "gateway"), "spec").put("type", "LoadBalancer");
        assertThat(ManifestRules.check(objects)).as("the gateway may be a LoadBalancer").isEmpty();

        Tree.map(find(objects, "Service", "wallet-service"), "spec").put("type", "LoadBalancer");
        Tree.map(find(objects, "Service", "relation-service"), "spec").put("type", "NodePort");
        Map<String, Object> path = Tree.maps(Tree.maps(find(objects, "Ingress", "gateway"), "spec", "rules").get(0),
                "http", "paths").get(0);
        Tree.map(path, "backend", "service").put("name", "settlement-service");

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Service/wallet-service is of type LoadBalancer; only the gateway may be reachable from outside",
                "Service/relation-service is of type NodePort; only the gateway may be reachable from outside",
                "Ingress/gateway exposes Service/settlement-service");
    }

    @Test
    void anExternalOrUnrestrictedKafkaListenerIsReported() {
        Map<String, Object> listener = Tree.maps(find(objects, "Kafka", "mesh-kafka"), "spec", "kafka", "listeners").get(0);
        listener.put("type", "loadbalancer");
        listener.remove("networkPolicyPeers");

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Kafka/mesh-kafka listener tls is of type loadbalancer; Kafka must stay inside the cluster",
                "Kafka/mesh-kafka listener tls has no networkPolicyPeers, so Strimzi admits every pod");
    }

    @Test
    void committedSecretValuesAreReported() {
        objects.addAll(Tree.parseAll("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: wallet-db-app
                stringData:
                  password: hunter2
                """));
        Tree.list(container(find(objects, "Deployment", "wallet-service")), "env")
                .add(Tree.parse("{name: MESH_DB_PASSWORD_OVERRIDE, value: hunter2}"));

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Secret/wallet-db-app carries secret values; create Secrets out of band or let the operators create them",
                "Deployment/wallet-service sets MESH_DB_PASSWORD_OVERRIDE as a literal; use secretKeyRef");
    }

    @Test
    void aMissingDisruptionBudgetOrADanglingAutoscalerIsReported() {
        objects.remove(find(objects, "PodDisruptionBudget", "settlement-service"));
        Tree.map(find(objects, "HorizontalPodAutoscaler", "wallet-service"), "spec", "scaleTargetRef").put("name", "wallet");

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Deployment/settlement-service has no PodDisruptionBudget",
                "HorizontalPodAutoscaler/wallet-service scales Deployment/wallet, which does not exist");
    }

    @Test
    void aReplicaCountUnderAnAutoscalerIsReported() {
        Tree.map(find(objects, "Deployment", "gateway"), "spec").put("replicas", 2);

        assertThat(ManifestRules.check(objects)).containsExactly(
                "Deployment/gateway sets replicas although HorizontalPodAutoscaler/gateway scales it");
    }

    @Test
    void labelSelectorsFollowKubernetesSemantics() {
        Map<String, String> labels = Map.of("app", "wallet", "tier", "backend");

        assertThat(LabelSelectors.matches(Map.of(), labels)).isTrue();
        assertThat(LabelSelectors.matches(Tree.parse("matchLabels: {app: wallet}"), labels)).isTrue();
        assertThat(LabelSelectors.matches(Tree.parse("matchLabels: {app: wallet, tier: db}"), labels)).isFalse();
        assertThat(LabelSelectors.matches(Tree.parse(
                "matchExpressions: [{key: app, operator: In, values: [wallet, relation]}]"), labels)).isTrue();
        assertThat(LabelSelectors.matches(Tree.parse(
                "matchExpressions: [{key: app, operator: NotIn, values: [wallet]}]"), labels)).isFalse();
        assertThat(LabelSelectors.matches(Tree.parse("matchExpressions: [{key: zone, operator: Exists}]"), labels)).isFalse();
        assertThat(LabelSelectors.matches(Tree.parse(
                "matchExpressions: [{key: zone, operator: DoesNotExist}]"), labels)).isTrue();
    }
}
