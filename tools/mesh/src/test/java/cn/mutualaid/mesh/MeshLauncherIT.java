package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ./mesh up -d}, {@code status} and {@code down}, as a developer runs them, on ports and a home of
 * its own (18080-18084, Kafka 19092/19093, a temporary MESH_HOME, databases with a random prefix), so it cannot
 * collide with a developer's mesh. Uses the jars Maven has just packaged (MESH_SKIP_BUILD=1: no nested build).
 */
class MeshLauncherIT {
    private static final Path REPO = Path.of(System.getProperty("basedir", "."), "../..").toAbsolutePath().normalize();
    private static final int GATEWAY = 18080;
    private static final List<Integer> APP_PORTS = List.of(GATEWAY, 18081, 18082, 18083, 18084);
    private static final int KAFKA = 19092;
    private static final int KAFKA_CONTROLLER = 19093;

    private final Path home = createHome();
    private final String dbPrefix =
            "meshit" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff)) + "_";
    private final Map<String, String> extraEnv = new HashMap<>();

    record Run(int exitCode, String output) {
    }

    @Test
    void upDetachedBringsEverythingToHealthyAndDownLeavesNothingBehind() throws Exception {
        Run up = mesh("up", "-d");
        System.out.println(up.output());
        assertThat(up.exitCode()).as("./mesh up -d said:%n%s", up.output()).isZero();
        assertThat(up.output()).contains("The mesh is up", "http://127.0.0.1:" + GATEWAY, "/dev/tokens");

        Run status = mesh("status");
        assertThat(status.exitCode()).as("./mesh status said:%n%s", status.output()).isZero();
        assertThat(status.output()).contains("healthy");
        for (int port : APP_PORTS) {
            assertThat(Probes.httpStatus("http://127.0.0.1:" + port + "/readyz"))
                    .as("readiness on port %d", port).isEqualTo(200);
            // Metrics and the rest of the actuator only on the management port (application port + 100).
            assertThat(Probes.httpStatus("http://127.0.0.1:" + (port + 100) + "/actuator/prometheus"))
                    .as("metrics on the management port of %d", port).isEqualTo(200);
            assertThat(Probes.httpStatus("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .as("no metrics on the application port %d", port).isEqualTo(404);
        }
        assertThat(Probes.kafkaReady("127.0.0.1", KAFKA)).as("Kafka answers on %d", KAFKA).isTrue();
        assertTokenFromTheGatewayIsAcceptedByAService();
        KafkaAccessCheck.assertOnlyTheOwnerWritesWalletCommands(home, KAFKA);
        Run again = mesh("up", "-d");
        assertThat(again.exitCode()).as(again.output()).isEqualTo(1);
        assertThat(again.output()).contains("already running");

        // fault injection: the broker killed and started again on its storage, the rest untouched
        long kafkaPid = recordedPids().get("kafka");
        long walletPid = recordedPids().get("wallet");
        Run killed = mesh("kill", "kafka");
        assertThat(killed.exitCode()).as("./mesh kill kafka said:%n%s", killed.output()).isZero();
        assertThat(alive(kafkaPid)).isFalse();
        assertThat(mesh("status").exitCode()).as("status with the broker down").isNotZero();
        Run started = mesh("start", "kafka");
        assertThat(started.exitCode()).as("./mesh start kafka said:%n%s", started.output()).isZero();
        assertThat(Probes.kafkaReady("127.0.0.1", KAFKA)).isTrue();
        assertThat(recordedPids().get("kafka")).isNotEqualTo(kafkaPid);
        assertThat(recordedPids().get("wallet")).isEqualTo(walletPid);
        Run healthy = mesh("status");
        assertThat(healthy.exitCode()).as("./mesh status said:%n%s", healthy.output()).isZero();

        Map<String, Long> recorded = recordedPids();
        assertThat(recorded).containsKeys("kafka", "registry", "relation", "wallet", "settlement", "gateway");
        recorded.forEach((name, pid) -> assertThat(alive(pid)).as("%s (pid %d) runs", name, pid).isTrue());

        Run down = mesh("down");
        assertThat(down.exitCode()).as("./mesh down said:%n%s", down.output()).isZero();
        recorded.forEach((name, pid) -> assertThat(alive(pid)).as("%s (pid %d) is gone", name, pid).isFalse());
        List<Integer> ports = new ArrayList<>(APP_PORTS);
        ports.addAll(List.of(KAFKA, KAFKA_CONTROLLER));
        for (int port : ports) {
            assertThat(Probes.portFree(port)).as("port %d is free again", port).isTrue();
        }
        assertThat(recordedPids()).isEmpty();
        assertThat(processesOfThisMesh()).isEmpty();
        assertThat(mesh("status").exitCode()).as("status of a stopped mesh").isNotZero();

        boolean machinePostgres = up.output().contains("using the machine's server");
        if (machinePostgres) {
            assertThat(databasesOfThisRun()).hasSize(4);
        }
        Run reset = mesh("reset");
        assertThat(reset.exitCode()).as("./mesh reset said:%n%s", reset.output()).isZero();
        assertThat(home.resolve("kafka")).doesNotExist();
        assertThat(home.resolve("jwt/private.pem")).exists();
        if (machinePostgres) {
            assertThat(databasesOfThisRun()).isEmpty();
        }
    }

    /** The printed way to get a token works: the gateway signs with the launcher's key pair, a service verifies. */
    private static void assertTokenFromTheGatewayIsAcceptedByAService() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"sub\":\"agency-320500\",\"roles\":[\"AGENCY\"],\"area\":\"320500\"}";
        HttpResponse<String> minted = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + GATEWAY + "/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        String token = Procs.jsonString(minted.body(), "token");
        assertThat(token).isNotEmpty();
        URI provinces = URI.create("http://127.0.0.1:" + GATEWAY + "/api/v1/regions/provinces");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(provinces).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(provinces)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(withToken.statusCode()).as(withToken.body()).isNotIn(401, 403);
    }

    @Test
    void downSignalsOnlyProcessesThatAreStillTheOnesItStarted() throws Exception {
        // a recorded pid that now belongs to another program (pids are reused) must survive ./mesh down
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try {
            String mark = "-Dmesh.home=" + home + " -Dmesh.part=kafka ";
            new State(home).write(List.of(new Part("kafka", 1, KAFKA, "kafka://127.0.0.1:" + KAFKA, mark, "TERM")),
                    "http://127.0.0.1:" + GATEWAY);
            new State(home).recordPid("kafka", stranger.pid());

            Run down = mesh("down");
            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(down.output()).contains("pid " + stranger.pid() + " is not running (or no longer kafka's)");
            assertThat(stranger.isAlive()).isTrue();
            assertThat(recordedPids()).isEmpty();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts() throws Exception {
        try (ServerSocket squatter = new ServerSocket(18082, 1, InetAddress.getLoopbackAddress())) {
            Run up = mesh("up", "-d");
            assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
            assertThat(up.output()).contains("port 18082 for relation", "taken");
        }
        assertThat(processesOfThisMesh()).isEmpty();
        assertThat(recordedPids()).isEmpty();
    }

    @Test
    void aPartThatFailsToStartIsNamedWithItsLogAndTheRestIsStopped() throws Exception {
        extraEnv.put("MESH_REGISTRY_XMX", "1k");
        Run up = mesh("up", "-d");
        assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
        assertThat(up.output()).contains("registry   FAILED to start: exited with code 1", "registry.log",
                "Too small maximum heap", "stop       kafka stopped");
        assertThat(processesOfThisMesh()).isEmpty();
        assertThat(recordedPids()).isEmpty();
        assertThat(Files.exists(home.resolve("mesh.state"))).isFalse();
        for (int port : List.of(18081, 18082, 18083, 18084, GATEWAY, KAFKA, KAFKA_CONTROLLER)) {
            assertThat(Probes.portFree(port)).as("port %d is free again", port).isTrue();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (Files.exists(home.resolve("mesh.state"))) {
            mesh("down");
        }
        dropDatabases();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Run mesh(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("mesh").toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile(home, "mesh-" + args[0], ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment());
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Run(process.isAlive() ? -1 : process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("MESH_SKIP_BUILD", "1");
        env.put("MESH_HOME", home.toString());
        env.put("MESH_GATEWAY_PORT", Integer.toString(GATEWAY));
        env.put("MESH_REGISTRY_PORT", "18081");
        env.put("MESH_RELATION_PORT", "18082");
        env.put("MESH_WALLET_PORT", "18083");
        env.put("MESH_SETTLEMENT_PORT", "18084");
        env.put("MESH_KAFKA_PORT", Integer.toString(KAFKA));
        env.put("MESH_KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_CONTROLLER));
        env.put("MESH_PG_DB_PREFIX", dbPrefix);
        env.putAll(extraEnv);
        return env;
    }

    private Map<String, Long> recordedPids() throws IOException {
        Map<String, Long> pids = new HashMap<>();
        Path dir = home.resolve("pids");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    pids.put(file.getFileName().toString().replace(".pid", ""),
                            Long.parseLong(Files.readString(file).trim()));
                }
            }
        }
        return pids;
    }

    /** Every process whose command line names this test's mesh home, whether or not a pid file records it. */
    private List<ProcessHandle> processesOfThisMesh() {
        String mark = "-Dmesh.home=" + home + " ";
        return ProcessHandle.allProcesses()
                .filter(p -> Procs.commandLine(p).map(cmd -> cmd.contains(mark)).orElse(false)).toList();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private List<String> databasesOfThisRun() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = Probes.postgres("127.0.0.1", 5432, "postgres", "", "postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select datname from pg_database where datname like '" + dbPrefix + "%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The run's databases, when it used the machine's PostgreSQL (an embedded one went with the home). */
    private void dropDatabases() {
        try (Connection c = Probes.postgres("127.0.0.1", 5432, "postgres", "", "postgres");
                Statement st = c.createStatement()) {
            for (String app : List.of("registry", "relation", "wallet", "settlement")) {
                st.execute("drop database if exists " + dbPrefix + app + " with (force)");
            }
        } catch (SQLException e) {
            // no server answers any more: nothing of this run is left in one
        }
    }

    private static Path createHome() {
        try {
            return Files.createTempDirectory("mesh-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
