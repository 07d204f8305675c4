package cn.mutualaid.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole mesh, started once per test JVM exactly as a developer starts it ({@code ./mesh up -d}), on ports and a
 * home of its own (gateway 28080, services 28081-28084, Kafka 29092/29093, its own embedded PostgreSQL on 25432 so that
 * the fault tests may stop and restart it without touching the machine's server, databases with a random prefix; the
 * wallet as two instances, {@link #REPLICAS}; every port shifted by {@link #SHIFT} in the module's second test JVM,
 * which runs a mesh of its own beside the first), and
 * stopped with {@code ./mesh down} when the JVM ends. Tests talk to it through the gateway only (the fault
 * tests also through {@code ./mesh kill NAME} and {@code ./mesh start NAME}).
 */
public final class RunningMesh implements BeforeAllCallback, AutoCloseable {
    public static final Path REPO = Path.of(System.getProperty("basedir", "."), "../..").toAbsolutePath().normalize();
    /**
     * This test JVM's number among the module's test JVMs running side by side (surefire's fork number, from 1; the
     * pom's {@code e2e.forks}). The end-to-end tests mostly wait (on sagas, outages, browsers), so two JVMs, each with
     * a mesh of its own on ports shifted by this much, take about half the time of one.
     */
    public static final int FORK = Integer.getInteger("mesh.e2e.fork", 1);
    public static final int SHIFT = (FORK - 1) * 200;
    public static final int GATEWAY_PORT = 28080 + SHIFT;
    /**
     * The mesh's own embedded PostgreSQL (not the machine's server): the fault tests stop and restart it. Every
     * end-to-end test of the JVM uses it.
     */
    public static final int PG_PORT = 25432 + SHIFT;
    /** The parts' ports, for probing a service's readiness directly (the tests' calls go through the gateway). */
    public static final Map<String, Integer> PORTS = Map.of("gateway", GATEWAY_PORT, "registry", 28081 + SHIFT,
            "relation", 28082 + SHIFT, "wallet", 28083 + SHIFT, "settlement", 28084 + SHIFT);
    /**
     * Instances per service ({@code ./mesh up --replicas}): the wallet runs as two, {@code wallet-1} on 28083 and
     * {@code wallet-2} on 28093, so that every end-to-end test also runs against a balanced, shared-database wallet
     * and the fault tests can kill one of them. {@code -Dmesh.e2e.replicas=} runs one of each.
     */
    public static final String REPLICAS = System.getProperty("mesh.e2e.replicas", "wallet=2");
    /**
     * The console's OpenID Connect provider ({@code console.ConsoleOidcIT} starts it when it runs) and the issuer of
     * every token of this mesh: the services, started now, check that issuer and the mesh's key, with which the
     * provider signs; the development tokens carry the same issuer. A port beside the mesh's, below the range the
     * machine hands out to outgoing connections, so nothing takes it before the provider starts.
     */
    public static final int IDP_PORT = 28070 + SHIFT;
    public static final String IDP_ISSUER = "http://127.0.0.1:" + IDP_PORT;
    private static final MeshClient CLIENT = new MeshClient("http://127.0.0.1:" + GATEWAY_PORT);
    private static final String DB_PREFIX =
            "e2e" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff)) + "_";
    private static Path home;
    private static boolean started;

    public static MeshClient client() {
        return CLIENT;
    }

    public static Path home() {
        return home;
    }

    /** The prefix of this mesh's database names (on {@link #PG_PORT}): tests that count rows look there. */
    public static String dbPrefix() {
        return DB_PREFIX;
    }

    public record Result(int exitCode, String output) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (RunningMesh.class) {
            if (started) {
                return;
            }
            OtlpReceiver.start();
            try {
                home = Files.createTempDirectory("mesh-e2e");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Result up = mesh("up", "-d");
            System.out.println(up.output());
            if (up.exitCode() != 0) {
                System.out.println(mesh("down").output());
                throw new IllegalStateException("./mesh up -d failed:\n" + up.output());
            }
            started = true;
            // Down when the JVM ends, not with JUnit's root context: with several test JVMs surefire hands each JVM
            // its classes one launch at a time, and the root context closes after every one of them.
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "mesh-down"));
        }
    }

    @Override
    public void close() {
        Result down = mesh("down");
        System.out.println(down.output());
        dropDatabases();
        keepLogs();
        if (down.exitCode() == 0) {
            deleteHome();
        }
    }

    /** Where the parts' logs of this JVM's mesh are kept: target/mesh-logs, target/mesh-logs-2 for the second JVM. */
    public static Path keptLogs() {
        return REPO.resolve("tools/e2e/target/mesh-logs" + (FORK > 1 ? "-" + FORK : ""));
    }

    /** The parts' logs of this run, kept in {@link #keptLogs()} (the home goes): what a failed test needs explained. */
    private static void keepLogs() {
        Path kept = keptLogs();
        try (var logs = Files.list(home.resolve("logs"))) {
            Files.createDirectories(kept);
            for (Path log : logs.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.println("the mesh's logs are in " + kept);
        } catch (IOException e) {
            System.out.println("could not keep the logs: " + e.getMessage());
        }
    }

    /** The home holds the embedded server's data (tens of MB): nothing of it is needed after the run. */
    private static void deleteHome() {
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + home + ": " + e.getMessage());
        }
    }

    /** Runs a ./mesh command against this mesh; returns its exit code and output. */
    /** The name of one part's database in this JVM's mesh (e.g. "wallet"), for tests that act on the database itself. */
    public static String database(String part) {
        return DB_PREFIX + part;
    }

    public static Result mesh(String... args) {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("mesh").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("MESH_HOME", home.toString());
        env.put("MESH_SKIP_BUILD", "1");
        env.put("MESH_GATEWAY_PORT", String.valueOf(GATEWAY_PORT));
        for (String part : List.of("registry", "relation", "wallet", "settlement")) {
            env.put("MESH_" + part.toUpperCase() + "_PORT", String.valueOf(PORTS.get(part)));
        }
        env.put("MESH_KAFKA_PORT", String.valueOf(29092 + SHIFT));
        env.put("MESH_KAFKA_CONTROLLER_PORT", String.valueOf(29093 + SHIFT));
        // The meshes of the module's JVMs share the machine's Redis: each keeps its rate limits in a database of its own.
        env.put("SPRING_DATA_REDIS_DATABASE", String.valueOf(FORK - 1));
        env.put("MESH_PG_DB_PREFIX", DB_PREFIX);
        env.put("MESH_REPLICAS", REPLICAS);
        env.put("MESH_PG_MODE", "embedded");
        env.put("MESH_PG_PORT", String.valueOf(PG_PORT));
        env.put("MESH_JWT_ISSUER", IDP_ISSUER);
        // Every part exports its spans to the receiver in this JVM (TraceIT follows one payment through them).
        env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", OtlpReceiver.ENDPOINT);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The mesh used the machine's PostgreSQL when one answered: leave no databases of this run behind. */
    private static void dropDatabases() {
        String host = System.getenv().getOrDefault("MESH_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("MESH_PG_PORT", "5432");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
                var st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (var rs = st.executeQuery("select datname from pg_database where datname like '" + DB_PREFIX + "%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                st.execute("drop database if exists " + name + " with (force)");
            }
        } catch (SQLException e) {
            // An embedded server went away with ./mesh down: nothing to drop.
        }
    }
}
