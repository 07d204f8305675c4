package cn.mutualaid.mesh;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The registry's keys for citizen ID numbers at rest (an AES-256 key and an HMAC key), like {@link JwtKeys}: made on
 * first run, kept under the mesh's home (mode 600), never committed, handed to the registry as environment variables.
 * To rotate locally, add a key line and change {@code current} in the file (the service README explains rotation).
 */
final class RegistryIdKeys {
    private final Path file;

    RegistryIdKeys(Path home) {
        this.file = home.resolve("registry-keys").resolve("id-keys.properties");
    }

    /** MESH_REGISTRY_IDKEYS_* variables for the registry (made first when there is no file yet). */
    Map<String, String> environment() {
        Properties keys = ensure();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_REGISTRY_IDKEYS_CURRENT", keys.getProperty("current"));
        env.put("MESH_REGISTRY_IDKEYS_HASHKEY", keys.getProperty("hash-key"));
        for (String name : keys.stringPropertyNames()) {
            if (name.startsWith("key.")) {
                env.put("MESH_REGISTRY_IDKEYS_KEYS_" + name.substring(4).toUpperCase(Locale.ROOT), keys.getProperty(name));
            }
        }
        return env;
    }

    private Properties ensure() {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("current", "local1");
        first.put("key.local1", "random");
        first.put("hash-key", "random");
        return LocalKeyFile.ensure(file, "ID-number keys of the local registry: key.<id> = base64 AES-256 key; current = <id>",
                first);
    }
}
