package cn.mutualaid.deploycheck;

import static cn.mutualaid.deploycheck.Fixtures.all;
import static cn.mutualaid.deploycheck.Fixtures.container;
import static cn.mutualaid.deploycheck.Fixtures.find;
import static cn.mutualaid.deploycheck.Fixtures.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders every overlay with kubectl kustomize and holds what it renders to the platform's rules. */
class KustomizeOverlaysIT {

    private static final List<String> EVENT_TOPICS = List.of("registry.events", "relation.events", "wallet.events",
            "settlement.events", "wallet.commands", "wallet.replies");
    private static final List<String> DATABASES = List.of("registry-db", "relation-db", "wallet-db", "settlement-db");
    /** PostgreSQL connections kept free for the operator, replication and an operator's psql session. */
    private static final int RESERVED_CONNECTIONS = 10;
    private static final int DEFAULT_POOL_MAX = 20;

    @Test
    void everyOverlayIsRendered() {
        assertThat(Deployment.OVERLAYS).containsExactly("local", "production");
        assertThat(Fixtures.ROOT.resolve("k8s/overlays")).isDirectoryContaining("glob:**/local")
                .isDirectoryContaining("glob:**/production");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void renderedObjectsFollowTheRules(String overlay) {
        List<Map<String, Object>> objects = Fixtures.overlay(overlay);

        assertThat(ManifestRules.check(objects)).as("violations in overlay %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void overlayHasTheWholeMesh(String overlay) {
        List<Map<String, Object>> objects = Fixtures.overlay(overlay);
        String namespace = overlay.equals("local") ? "mutualaid-local" : "mutualaid";

        assertThat(names(objects, "Deployment")).containsAll(ComposeRules.APPLICATIONS).contains("redis");
        assertThat(names(objects, "Cluster")).containsAll(DATABASES).contains("keycloak-db").hasSize(DATABASES.size() + 1);
        assertThat(names(objects, "HorizontalPodAutoscaler")).containsExactlyInAnyOrder("gateway", "wallet-service");
        assertThat(names(objects, "PodDisruptionBudget")).containsAll(ComposeRules.APPLICATIONS);
        assertThat(names(objects, "KafkaTopic")).containsAll(EVENT_TOPICS);
        assertThat(names(objects, "Kafka")).containsExactly("mesh-kafka");
        assertThat(names(objects, "KafkaNodePool")).isNotEmpty();
        assertThat(names(objects, "Ingress")).containsExactlyInAnyOrder("gateway", "identity");
        assertThat(names(objects, "Deployment")).contains("keycloak");
        assertThat(objects).filteredOn(o -> !"Namespace".equals(o.get("kind")))
                .allSatisfy(o -> assertThat(Tree.string(o, "metadata", "namespace")).isEqualTo(namespace));
        for (String application : ComposeRules.APPLICATIONS) {
            Map<String, Object> app = container(find(objects, "Deployment", application));
            // The health groups on the application port; the actuator itself only on the management port.
            assertThat(Tree.string(app, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
            assertThat(Tree.string(app, "livenessProbe", "httpGet", "path")).isEqualTo("/livez");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void binderPartitionCountMatchesTheDeclaredTopics(String overlay) {
        List<Map<String, Object>> objects = Fixtures.overlay(overlay);
        int binderPartitions = Integer.parseInt(configValue(objects, "mesh-services", "MESH_KAFKA_PARTITIONS"));
        int binderReplication = Integer.parseInt(configValue(objects, "mesh-services", "MESH_KAFKA_REPLICATION"));

        for (String topic : EVENT_TOPICS) {
            Map<String, Object> declared = find(objects, "KafkaTopic", topic);
            assertThat(Tree.at(declared, "spec", "partitions")).as(topic).isEqualTo(binderPartitions);
            assertThat(Tree.at(declared, "spec", "replicas")).as(topic).isEqualTo(binderReplication);
        }
    }

    @Test
    void productionPartitionsEventTopicsPerProvinceAndLocalUsesFewer() {
        List<Map<String, Object>> production = Fixtures.overlay("production");
        List<Map<String, Object>> local = Fixtures.overlay("local");

        for (String topic : EVENT_TOPICS) {
            assertThat(Tree.at(find(production, "KafkaTopic", topic), "spec", "partitions")).as(topic).isEqualTo(34);
            assertThat(Tree.at(find(production, "KafkaTopic", topic), "spec", "replicas")).as(topic).isEqualTo(3);
            assertThat((Integer) Tree.at(find(local, "KafkaTopic", topic), "spec", "partitions")).as(topic).isLessThan(34);
        }
        assertThat(all(production, "KafkaTopic")).allSatisfy(topic ->
                assertThat(String.valueOf(Tree.at(topic, "spec", "config", "min.insync.replicas"))).isEqualTo("2"));
    }

    @Test
    void productionRunsMoreReplicasSpreadOverZones() {
        List<Map<String, Object>> production = Fixtures.overlay("production");
        List<Map<String, Object>> local = Fixtures.overlay("local");

        for (String application : ComposeRules.APPLICATIONS) {
            Map<String, Object> deployment = find(production, "Deployment", application);
            assertThat(minimumPods(production, application)).as(application)
                    .isGreaterThanOrEqualTo(3)
                    .isGreaterThan(minimumPods(local, application));
            assertThat(Tree.maps(deployment, "spec", "template", "spec", "topologySpreadConstraints"))
                    .as(application).extracting(c -> c.get("topologyKey")).contains("topology.kubernetes.io/zone");
        }
        for (String database : DATABASES) {
            Map<String, Object> cluster = find(production, "Cluster", database);
            assertThat(Tree.at(cluster, "spec", "instances")).as(database).isEqualTo(3);
            assertThat(Tree.string(cluster, "spec", "affinity", "podAntiAffinityType")).as(database).isEqualTo("required");
        }
        assertThat(Tree.string(find(production, "Kafka", "mesh-kafka"), "spec", "kafka", "rack", "topologyKey"))
                .isEqualTo("topology.kubernetes.io/zone");
    }

    /** Every pod the HPA may start opens its full pool: that must fit under the database's max_connections. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void connectionPoolsFitTheDatabases(String overlay) {
        List<Map<String, Object>> objects = Fixtures.overlay(overlay);

        for (Map<String, Object> cluster : all(objects, "Cluster")) {
            String owner = Tree.string(cluster, "metadata", "labels", ManifestRules.OWNER_LABEL);
            Map<String, Object> deployment = find(objects, "Deployment", owner);
            int pods = hpaBound(objects, owner, "maxReplicas")
                    .orElseGet(() -> (Integer) Tree.at(deployment, "spec", "replicas"));
            int pool = Tree.maps(container(deployment), "env").stream()
                    .filter(env -> "MESH_DB_POOL_MAX".equals(env.get("name")))
                    .map(env -> Integer.parseInt(String.valueOf(env.get("value"))))
                    .findFirst()
                    .orElse(DEFAULT_POOL_MAX);
            int maxConnections = Integer.parseInt(Tree.string(cluster, "spec", "postgresql", "parameters", "max_connections"));

            assertThat(pods * pool).as("%s: %d pods x pool %d vs max_connections %d", owner, pods, pool, maxConnections)
                    .isLessThanOrEqualTo(maxConnections - RESERVED_CONNECTIONS);
        }
    }

    /** Spring Boot refuses to start with any other structured log format. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void logFormatIsOneSpringBootKnows(String overlay) {
        assertThat(configValue(Fixtures.overlay(overlay), "mesh-common", "MESH_LOG_FORMAT")).isIn("ecs", "gelf", "logstash");
    }

    /** The local profile mints tokens for anyone: only the local overlay may turn it on. */
    @Test
    void onlyTheLocalOverlayMintsTokens() {
        assertThat(gatewayEnv(Fixtures.overlay("local"))).containsEntry("SPRING_PROFILES_ACTIVE", "local")
                .containsKey("MESH_JWT_PRIVATE_KEY");
        List<Map<String, Object>> production = Fixtures.overlay("production");
        assertThat(gatewayEnv(production)).doesNotContainKeys("SPRING_PROFILES_ACTIVE", "MESH_JWT_PRIVATE_KEY");
        assertThat(Fixtures.overlay("production").stream().map(Object::toString))
                .noneMatch(text -> text.contains("mesh-jwt-private") || text.contains("SPRING_PROFILES_ACTIVE"));
    }

    /**
     * Every binding in the services' application.yml reads a declared topic, and its dead-letter topic
     * (error.&lt;destination&gt;.&lt;group&gt;, the binder's name) is declared too: production brokers do not
     * auto-create topics, and an undeclared topic would get the binder's defaults instead of the plan's.
     */
    @Test
    void everyConsumerBindingHasItsTopicAndDeadLetterTopicDeclared() throws IOException {
        List<String> declared = names(Fixtures.overlay("production"), "KafkaTopic");
        List<String> expected = new ArrayList<>();
        for (String service : ComposeRules.APPLICATIONS) {
            Path config = Fixtures.ROOT.resolve(service).resolve("src/main/resources/application.yml");
            if (!Files.exists(config)) {
                continue;
            }
            for (Map<String, Object> document : Tree.parseAll(Files.readString(config))) {
                Tree.map(document, "spring", "cloud", "stream", "bindings").forEach((binding, spec) -> {
                    String destination = Tree.string(spec, "destination");
                    String group = Tree.string(spec, "group");
                    if (binding.contains("-in-") && destination != null && group != null) {
                        expected.add(destination);
                        expected.add("error." + destination + "." + group);
                    }
                });
            }
        }

        assertThat(expected).as("bindings found in the services' application.yml").isNotEmpty();
        assertThat(declared).containsAll(expected);
    }

    /** The fewest pods an application runs: its HPA's minimum, else its fixed replica count. */
    private static int minimumPods(List<Map<String, Object>> objects, String application) {
        return hpaBound(objects, application, "minReplicas")
                .orElseGet(() -> (Integer) Tree.at(find(objects, "Deployment", application), "spec", "replicas"));
    }

    private static java.util.Optional<Integer> hpaBound(List<Map<String, Object>> objects, String application, String bound) {
        return all(objects, "HorizontalPodAutoscaler").stream()
                .filter(hpa -> application.equals(Tree.string(hpa, "spec", "scaleTargetRef", "name")))
                .map(hpa -> (Integer) Tree.at(hpa, "spec", bound))
                .findFirst();
    }

    private static Map<String, String> gatewayEnv(List<Map<String, Object>> objects) {
        Map<String, String> env = new java.util.HashMap<>();
        for (Map<String, Object> entry : Tree.maps(container(find(objects, "Deployment", "gateway")), "env")) {
            env.put(Tree.string(entry, "name"), Tree.string(entry, "value"));
        }
        return env;
    }

    private static String configValue(List<Map<String, Object>> objects, String prefix, String key) {
        return all(objects, "ConfigMap").stream()
                .filter(c -> Tree.string(c, "metadata", "name").startsWith(prefix + "-"))
                .map(c -> Tree.string(c, "data", key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + prefix + " with " + key));
    }
}
