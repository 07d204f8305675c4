package cn.mutualaid.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parses docker-compose.yml with docker-compose itself, then holds the resolved configuration to the rules. */
class DockerComposeIT {

    @Test
    void composeFileIsValid() {
        Commands.Result result = Deployment.validateCompose(Fixtures.ROOT);

        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.stdout()).isBlank();
    }

    @Test
    void theParserRejectsABrokenFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  wallet-service:
                    image: mutualaid/wallet-service
                    depends_on:
                      postgres:
                        condition: when_it_feels_like_it
                """);

        Commands.Result result = Deployment.validateCompose(dir);

        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).contains("wallet-service");
    }

    @Test
    void resolvedConfigurationFollowsTheRules() {
        Map<String, Object> config = Deployment.composeConfig(Fixtures.ROOT);

        assertThat(ComposeRules.check(config)).isEmpty();
        assertThat(Tree.list(config, "services", "gateway", "ports")).hasSize(1);
        assertThat(Tree.string(config, "services", "kafka", "image")).startsWith("apache/kafka:");
        assertThat(Tree.string(config, "services", "kafka", "environment", "KAFKA_PROCESS_ROLES"))
                .as("KRaft: the node is its own controller").isEqualTo("broker,controller");
        assertThat(Tree.list(config, "services", "postgres", "volumes")).anySatisfy(volume ->
                assertThat(String.valueOf(volume)).contains("docker/postgres/init-databases.sh"));
        for (String application : ComposeRules.APPLICATIONS) {
            assertThat(Tree.string(config, "services", application, "environment", "MESH_JWT_ISSUER"))
                    .as(application).isEqualTo(ComposeRules.REALM_ISSUER);
            assertThat(Tree.string(config, "services", application, "environment", "MESH_JWT_JWK_SET_URI"))
                    .as(application).isEqualTo("http://keycloak:8080/realms/mutualaid/protocol/openid-connect/certs");
        }
        assertThat(Tree.string(config, "services", "keycloak", "image")).startsWith("keycloak/keycloak:");
        // Kafka authenticates every client and the services log in as themselves, after the ACLs exist.
        assertThat(Tree.list(config, "services", "kafka", "entrypoint")).contains("/opt/mesh/start-kafka.sh");
        for (String service : List.of("insured-registry-service", "relation-service", "wallet-service",
                "settlement-service")) {
            assertThat(Tree.string(config, "services", service, "environment", "MESH_KAFKA_USER")).as(service)
                    .isNotBlank();
            assertThat(Tree.string(config, "services", service, "depends_on", "kafka-acls", "condition"))
                    .as(service).isEqualTo("service_completed_successfully");
        }
        assertThat(Tree.list(config, "services", "keycloak", "volumes")).anySatisfy(volume ->
                assertThat(String.valueOf(volume)).contains("k8s/base/identity/realm-mutualaid.json"));
        assertThat(Tree.string(config, "services", "wallet-service", "environment", "MESH_DB_NAME")).isEqualTo("mesh_wallet");
    }

    @Test
    void publishedPortsOutsideTheGatewayAreReported() {
        Map<String, Object> config = Deployment.composeConfig(Fixtures.ROOT);
        Tree.map(config, "services", "wallet-service").put("ports", List.of(Map.of("published", 8083, "target", 8083)));
        Tree.map(config, "services", "postgres").put("ports", List.of(Map.of("published", 5432, "target", 5432)));

        assertThat(ComposeRules.check(config)).containsExactlyInAnyOrder(
                "service wallet-service publishes ports; only the gateway may",
                "service postgres publishes ports; only the gateway may");
    }

    @Test
    void portsOffLoopbackAndLocalTokenSettingsAreReported() {
        Map<String, Object> config = Deployment.composeConfig(Fixtures.ROOT);
        Tree.map(config, "services", "keycloak").put("ports", List.of("0.0.0.0:8180:8080/tcp"));
        Map<String, Object> wallet = Tree.map(config, "services", "wallet-service", "environment");
        wallet.put("MESH_JWT_PUBLIC_KEY", "file:/run/secrets/jwt-public-key");
        wallet.remove("MESH_JWT_JWK_SET_URI");
        Tree.map(config, "services", "gateway", "environment").put("MESH_JWT_ISSUER", "http://elsewhere/realms/x");

        assertThat(ComposeRules.check(config)).containsExactlyInAnyOrder(
                "service keycloak publishes a port on 0.0.0.0 instead of 127.0.0.1",
                "service wallet-service does not take keys from the identity provider's JWK set",
                "service wallet-service sets MESH_JWT_PUBLIC_KEY: development keys and profiles are for ./mesh only",
                "service gateway does not expect the realm's issuer " + ComposeRules.REALM_ISSUER);
    }

    @Test
    void observabilityUisPublishOnLoopbackOnly() {
        Map<String, Object> config = Deployment.composeConfig(Fixtures.ROOT);
        assertThat(Tree.list(config, "services", "jaeger", "ports")).isNotEmpty();
        Tree.map(config, "services", "grafana").put("ports", List.of("0.0.0.0:3000:3000/tcp"));
        Tree.map(config, "services", "prometheus").put("ports", List.of(Map.of("host_ip", "0.0.0.0", "published", 9090)));

        assertThat(ComposeRules.check(config)).containsExactlyInAnyOrder(
                "service grafana publishes a port on 0.0.0.0 instead of 127.0.0.1",
                "service prometheus publishes a port on 0.0.0.0 instead of 127.0.0.1");
    }

    @Test
    void everyApplicationExportsItsSpansToTheCollector() {
        Map<String, Object> config = Deployment.composeConfig(Fixtures.ROOT);
        for (String application : ComposeRules.APPLICATIONS) {
            assertThat(Tree.string(config, "services", application, "environment",
                    "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT")).as(application)
                    .isEqualTo("http://jaeger:4318/v1/traces");
        }
    }

    @Test
    void missingHealthchecksAndUnconditionalDependenciesAreReported() {
        Map<String, Object> config = Deployment.composeConfig(Fixtures.ROOT);
        Tree.map(config, "services", "relation-service").remove("healthcheck");
        Tree.map(config, "services", "settlement-service").put("depends_on", List.of("postgres", "kafka"));
        Tree.map(config, "services", "wallet-service", "depends_on", "kafka").put("condition", "service_started");
        Tree.map(config, "services", "insured-registry-service", "build", "args").put("MODULE", "wallet-service");

        assertThat(ComposeRules.check(config)).containsExactlyInAnyOrder(
                "service relation-service has no healthcheck",
                "service gateway waits for relation-service to be healthy, but it has no healthcheck",
                "service settlement-service depends_on [postgres, kafka] without a condition: it would start before they are ready",
                "service wallet-service depends_on kafka with condition service_started instead of service_healthy",
                "service insured-registry-service builds MODULE wallet-service");
    }
}
