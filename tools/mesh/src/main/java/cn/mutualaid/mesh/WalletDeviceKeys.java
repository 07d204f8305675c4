package cn.mutualaid.mesh;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The wallet's keys that offline payment-code devices' secrets are derived from (wallet-service README), kept like
 * {@link RegistryIdKeys}. To rotate locally, add a key line and change {@code current}: devices enrolled under the old
 * key keep paying while its line stays.
 */
final class WalletDeviceKeys {
    private final Path file;

    WalletDeviceKeys(Path home) {
        this.file = home.resolve("wallet-keys").resolve("device-keys.properties");
    }

    /** MESH_WALLET_DEVICEKEYS_* variables for the wallet (made first when there is no file yet). */
    Map<String, String> environment() {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("current", "local1");
        first.put("key.local1", "random");
        Properties keys = LocalKeyFile.ensure(file,
                "Payment-device keys of the local wallet: key.<id> = base64 256-bit key; current = <id>", first);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_WALLET_DEVICEKEYS_CURRENT", keys.getProperty("current"));
        for (String name : keys.stringPropertyNames()) {
            if (name.startsWith("key.")) {
                env.put("MESH_WALLET_DEVICEKEYS_KEYS_" + name.substring(4).toUpperCase(Locale.ROOT), keys.getProperty(name));
            }
        }
        return env;
    }
}
