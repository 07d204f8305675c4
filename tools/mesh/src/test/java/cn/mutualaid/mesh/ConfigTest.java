package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static final Path REPO = Path.of("/repo");

    private static Config config(Map<String, String> file, Map<String, String> env) {
        Properties props = new Properties();
        props.putAll(file);
        return new Config(REPO, props, env);
    }

    @Test
    void environmentVariableNamedAfterTheKeyWins() {
        Config config = config(Map.of("mesh.kafka.controller-port", "9093", "mesh.gateway.port", "8080"),
                Map.of("MESH_KAFKA_CONTROLLER_PORT", "19093"));
        assertThat(Config.envName("mesh.kafka.controller-port")).isEqualTo("MESH_KAFKA_CONTROLLER_PORT");
        assertThat(config.port("mesh.kafka.controller-port")).isEqualTo(19093);
        assertThat(config.port("mesh.gateway.port")).isEqualTo(8080);
    }

    @Test
    void homeDefaultsToDotMeshInTheRepository() {
        assertThat(config(Map.of("mesh.home", ""), Map.of()).home()).isEqualTo(Path.of("/repo/.mesh"));
        assertThat(config(Map.of("mesh.home", ""), Map.of("MESH_HOME", "/tmp/m")).home()).isEqualTo(Path.of("/tmp/m"));
    }

    @Test
    void badOrMissingSettingsAreNamedWithTheirVariable() {
        Config config = config(Map.of("mesh.wallet.port", "70000"), Map.of("MESH_KAFKA_PORT", "x"));
        assertThatThrownBy(() -> config.port("mesh.wallet.port")).hasMessageContaining("MESH_WALLET_PORT");
        assertThatThrownBy(() -> config.port("mesh.kafka.port")).hasMessageContaining("MESH_KAFKA_PORT");
        assertThatThrownBy(() -> config.get("mesh.nothing")).hasMessageContaining("MESH_NOTHING");
    }

    @Test
    void theRepositoryFileSetsEveryKeyTheLauncherReads() {
        Path repo = Path.of(System.getProperty("basedir", "."), "../..").toAbsolutePath().normalize();
        Config config = Config.load(repo, Map.of());
        for (String key : new String[] {"mesh.home", "mesh.gateway.port", "mesh.registry.port", "mesh.relation.port",
                "mesh.wallet.port", "mesh.settlement.port", "mesh.kafka.port", "mesh.kafka.controller-port",
                "mesh.kafka.partitions", "mesh.kafka.xmx", "mesh.pg.mode", "mesh.pg.host", "mesh.pg.port",
                "mesh.pg.user", "mesh.pg.password", "mesh.pg.db-prefix", "mesh.pg.pool-max", "mesh.redis.host",
                "mesh.redis.port", "mesh.jvm.flags", "mesh.app.xmx", "mesh.log-format", "mesh.start-timeout",
                "mesh.replicas", "mesh.replicas.port-step"}) {
            assertThat(config.find(key)).as(key).isNotNull();
        }
    }
}
