package cn.mutualaid.mesh;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The launcher's settings: {@code tools/mesh/mesh.properties} of the repository, each key overridable by an
 * environment variable named after it ({@code mesh.kafka.controller-port} → {@code MESH_KAFKA_CONTROLLER_PORT}).
 */
final class Config {
    static final String FILE = "tools/mesh/mesh.properties";

    private final Path repo;
    private final Properties file;
    private final Map<String, String> env;

    Config(Path repo, Properties file, Map<String, String> env) {
        this.repo = repo;
        this.file = file;
        this.env = env;
    }

    static Config load(Path repo, Map<String, String> env) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(repo.resolve(FILE), StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new MeshException("cannot read " + repo.resolve(FILE) + ": " + e.getMessage());
        }
        return new Config(repo, props, env);
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    Path repo() {
        return repo;
    }

    /** The value of {@code key}, or null when neither the environment nor the file sets it. */
    String find(String key) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null) {
            return fromEnv.trim();
        }
        String fromFile = file.getProperty(key);
        return fromFile == null ? null : fromFile.trim();
    }

    String get(String key) {
        String value = find(key);
        if (value == null) {
            throw new MeshException("setting " + key + " is missing from " + FILE + " (or " + envName(key) + ")");
        }
        return value;
    }

    int integer(String key) {
        String value = get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new MeshException(key + " (" + envName(key) + ") must be a number, not '" + value + "'");
        }
    }

    int port(String key) {
        int port = integer(key);
        if (port < 1 || port > 65535) {
            throw new MeshException(key + " (" + envName(key) + ") is not a port: " + port);
        }
        return port;
    }

    Path home() {
        String home = get("mesh.home");
        return (home.isEmpty() ? repo.resolve(".mesh") : Path.of(home)).toAbsolutePath().normalize();
    }
}
