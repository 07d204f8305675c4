package cn.mutualaid.mesh;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** The mesh's PostgreSQL: the machine's server when one answers, else real binaries from Maven (zonky). */
final class Postgres {
    final String host;
    final int port;
    final String user;
    final String password;
    final boolean embedded;

    private Postgres(String host, int port, String user, String password, boolean embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** Which server this run uses, from {@code mesh.pg.mode}; nothing is started yet. */
    static Postgres choose(Config config) {
        String mode = config.get("mesh.pg.mode");
        String host = config.get("mesh.pg.host");
        int port = config.port("mesh.pg.port");
        String user = config.get("mesh.pg.user");
        String password = config.get("mesh.pg.password");
        boolean answers = Probes.tcpAnswers(host, port);
        switch (mode) {
            case "auto":
                return answers ? new Postgres(host, port, user, password, false)
                        : new Postgres("127.0.0.1", port, "postgres", "", true);
            case "external":
                if (!answers) {
                    throw new MeshException("no PostgreSQL answers on " + host + ":" + port
                            + " (mesh.pg.mode=external); start it or set MESH_PG_MODE=auto");
                }
                return new Postgres(host, port, user, password, false);
            case "embedded":
                return new Postgres("127.0.0.1", port, "postgres", "", true);
            default:
                throw new MeshException("mesh.pg.mode (MESH_PG_MODE) must be auto, embedded or external, not " + mode);
        }
    }

    /** The embedded server on {@code port}, as {@code ./mesh up} chose it (for {@code ./mesh start postgres}). */
    static Postgres embeddedOn(int port) {
        return new Postgres("127.0.0.1", port, "postgres", "", true);
    }

    Path dataDir(Path home) {
        return home.resolve("postgres");
    }

    /**
     * Starts the embedded server on {@link #port} with its data under {@code <home>/postgres} (initialised on first
     * run) and returns the postmaster's pid. The postmaster is a daemon: it outlives this JVM, which ends with
     * {@code Runtime.halt} so that the library's shutdown hook does not stop it.
     */
    long startEmbedded(Path home, Path log) {
        Path data = dataDir(home);
        try {
            setAsideOlderMajor(data);
            Files.createDirectories(data);
            EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            String pidFile = Files.readString(data.resolve("postmaster.pid"));
            return Long.parseLong(pidFile.lines().findFirst().orElseThrow().trim());
        } catch (IOException | RuntimeException e) {
            throw new MeshException("the embedded PostgreSQL did not start: " + e.getMessage()
                    + "\n  last lines of " + log + ":\n  " + String.join("\n  ", Procs.lastLines(log, 30)), e);
        }
    }

    /**
     * A data directory written by another major version (the binaries moved from 14 to 17) cannot be started; the
     * mesh's data is disposable, so it is moved aside (kept for whoever wants it) and a fresh one is initialised.
     */
    static void setAsideOlderMajor(Path data) throws IOException {
        Path version = data.resolve("PG_VERSION");
        String binaries = binariesMajor();
        if (binaries == null || !Files.exists(version)) {
            return;
        }
        String written = Files.readString(version).trim();
        if (!written.equals(binaries)) {
            Path aside = data.resolveSibling(data.getFileName() + "-" + written);
            Files.move(data, aside);
            System.out.println("PostgreSQL data of major version " + written + " moved to " + aside
                    + "; starting a fresh " + binaries + " (the embedded binaries' version)");
        }
    }

    /** The major version of the zonky binaries on the class path, from their jar's name; null if unknown. */
    static String binariesMajor() {
        var archive = Postgres.class.getResource("/postgres-linux-x86_64.txz");
        var version = java.util.regex.Pattern.compile("binaries-linux-amd64-(\\d+)\\.[\\d.]+\\.jar!")
                .matcher(archive == null ? "" : archive.toString());
        return version.find() ? version.group(1) : null;
    }

    /** Creates each database that does not exist yet. */
    void createDatabases(List<String> names) {
        try (Connection c = Probes.postgres(host, port, user, password, "postgres")) {
            for (String name : names) {
                try (PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = c.createStatement()) {
                    create.execute("create database \"" + name.replace("\"", "") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new MeshException("PostgreSQL on " + host + ":" + port + " as user " + user + ": " + e.getMessage()
                    + (embedded ? "" : "\n  (the mesh uses the server answering there; set MESH_PG_USER / "
                    + "MESH_PG_PASSWORD, or MESH_PG_MODE=embedded with another MESH_PG_PORT)"), e);
        }
    }

    /** Drops the databases (the mesh is stopped: nothing of it is connected). */
    void dropDatabases(List<String> names) {
        try (Connection c = Probes.postgres(host, port, user, password, "postgres");
                Statement drop = c.createStatement()) {
            for (String name : names) {
                drop.execute("drop database if exists \"" + name.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new MeshException("PostgreSQL on " + host + ":" + port + " as user " + user + ": "
                    + e.getMessage(), e);
        }
    }

    String describe() {
        return (embedded ? "embedded" : "the machine's server") + " at " + host + ":" + port;
    }
}
