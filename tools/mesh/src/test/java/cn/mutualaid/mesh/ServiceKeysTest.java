package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local keys the launcher hands the registry and the wallet: made once, private, the same on every start. */
class ServiceKeysTest {
    @TempDir Path home;

    @Test
    void theWalletGetsARandomDeviceKeyMadeOnceAndKeptPrivate() throws Exception {
        Map<String, String> first = new WalletDeviceKeys(home).environment();
        assertThat(first).containsEntry("MESH_WALLET_DEVICEKEYS_CURRENT", "local1")
                .containsKey("MESH_WALLET_DEVICEKEYS_KEYS_LOCAL1");
        assertThat(Base64.getDecoder().decode(first.get("MESH_WALLET_DEVICEKEYS_KEYS_LOCAL1"))).hasSize(32);
        assertThat(new WalletDeviceKeys(home).environment()).isEqualTo(first);
        Path file = home.resolve("wallet-keys").resolve("device-keys.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theRegistrysKeysAreStillMadeAsBefore() {
        Map<String, String> env = new RegistryIdKeys(home).environment();
        assertThat(env).containsEntry("MESH_REGISTRY_IDKEYS_CURRENT", "local1")
                .containsKeys("MESH_REGISTRY_IDKEYS_HASHKEY", "MESH_REGISTRY_IDKEYS_KEYS_LOCAL1");
        assertThat(env.get("MESH_REGISTRY_IDKEYS_HASHKEY")).isNotEqualTo(env.get("MESH_REGISTRY_IDKEYS_KEYS_LOCAL1"));
        assertThat(new RegistryIdKeys(home).environment()).isEqualTo(env);
    }
}
