package cn.mutualaid.registry.person.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The keys arrive as environment variables (the launcher, docker-compose, a Kubernetes Secret): this is their shape. */
class IdKeysConfigurationTest {
    static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private static IdKeysProperties fromEnvironment(Map<String, Object> env) {
        return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
                .bind("mesh.registry.id-keys", IdKeysProperties.class).get();
    }

    @Test
    void oneVariablePerKeyIdPlusTheCurrentIdAndTheHashKey() {
        IdKeysProperties keys = fromEnvironment(Map.of(
                "MESH_REGISTRY_IDKEYS_KEYS_LOCAL1", KEY_A,
                "MESH_REGISTRY_IDKEYS_KEYS_LOCAL2", KEY_B,
                "MESH_REGISTRY_IDKEYS_CURRENT", "local2",
                "MESH_REGISTRY_IDKEYS_HASHKEY", KEY_B));
        assertThat(keys.keys()).containsOnlyKeys("local1", "local2");
        IdNumberVault vault = new IdNumberVault(keys);
        assertThat(vault.currentKeyId()).isEqualTo("local2");
        IdNumberVault.Sealed old = vault.seal("local1", "p", "11010519491231002X");
        assertThat(vault.open("p", old)).isEqualTo("11010519491231002X");
    }

    @Test
    void missingOrMalformedKeysStopTheServiceWithoutPrintingThem() {
        assertThatThrownBy(() -> new IdNumberVault(new IdKeysProperties(null, Map.of(), KEY_A)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MESH_REGISTRY_IDKEYS_CURRENT");
        assertThatThrownBy(() -> new IdNumberVault(new IdKeysProperties("k2", Map.of("k1", KEY_A), KEY_A)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("current");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new IdNumberVault(new IdKeysProperties("k1", Map.of("k1", shortKey), KEY_A)))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(shortKey);
    }
}
