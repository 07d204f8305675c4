package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./mesh kill NAME} and {@code ./mesh start NAME} on stand-in processes (a shell that sleeps). */
class FaultCommandsTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private Process stranger;

    private Launcher launcher() {
        Properties settings = new Properties();
        settings.setProperty("mesh.home", home.toString());
        settings.setProperty("mesh.start-timeout", "20");
        return new Launcher(new Config(home, settings, Map.of()), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String mark(String name) {
        return "-Dmesh.home=" + home + " -Dmesh.part=" + name + " ";
    }

    /** A process whose command line carries the part's mark, as the launcher's JVMs do. */
    private List<String> standIn(String name) {
        return List.of("/bin/sh", "-c", "sleep 120; :", "-Dmesh.home=" + home, "-Dmesh.part=" + name);
    }

    @Test
    void theSignalIsKillUnlessTerminationIsAskedFor() {
        assertThat(Mesh.killSignal(List.of("wallet"))).isEqualTo("KILL");
        assertThat(Mesh.killSignal(List.of("wallet", "--signal", "TERM"))).isEqualTo("TERM");
        assertThat(Mesh.killSignal(List.of("wallet", "--signal", "sigkill"))).isEqualTo("KILL");
        assertThatThrownBy(() -> Mesh.killSignal(List.of("wallet", "--signal", "HUP")))
                .isInstanceOf(MeshException.class).hasMessageContaining("KILL|TERM");
        assertThatThrownBy(() -> Mesh.killSignal(List.of("wallet", "-9"))).isInstanceOf(MeshException.class);
    }

    @Test
    void howAPartWasStartedIsRecordedAsIs() {
        State state = new State(home);
        Launch launch = Launch.process(List.of("java", "-Dx=a b", "-jar", "app.jar"), Map.of("PORT", "8083",
                "MESH_DB_PASSWORD", ""));
        state.recordLaunch("wallet", launch);
        state.recordLaunch("postgres", Launch.embeddedPostgres(25432));

        assertThat(state.launch("wallet")).contains(launch);
        assertThat(state.launch("postgres").orElseThrow().isEmbeddedPostgres()).isTrue();
        assertThat(state.launch("postgres").orElseThrow().pgPort()).isEqualTo(25432);
        assertThat(state.launch("kafka")).isEmpty();
    }

    @Test
    void killLeavesAloneAPidThatIsNoLongerThePart() throws Exception {
        stranger = new ProcessBuilder("sleep", "120").start();
        State state = new State(home);
        state.write(List.of(new Part("kafka", 1, 1, "kafka://127.0.0.1:1", mark("kafka"), "TERM")), "http://x");
        state.recordPid("kafka", stranger.pid());

        assertThat(launcher().kill("kafka", "KILL")).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("no longer kafka's", "nothing killed");
        assertThat(stranger.isAlive()).isTrue();
        assertThatThrownBy(() -> launcher().kill("nosuchpart", "KILL")).isInstanceOf(MeshException.class)
                .hasMessageContaining("no part nosuchpart");
    }

    @Test
    void aPartIsKilledAndStartedAgainWithItsRecordedCommandLine() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            State state = new State(home);
            Part part = new Part("wallet", 2, probe.getLocalPort(), "tcp://127.0.0.1:" + probe.getLocalPort(),
                    mark("wallet"), "TERM");
            state.write(List.of(part), "http://x");
            Files.createDirectories(home.resolve("logs"));
            state.recordLaunch("wallet", Launch.process(standIn("wallet"), Map.of("PORT", "1")));
            assertThat(launcher().kill("wallet", "KILL")).as("nothing to kill yet").isEqualTo(1);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("no pid recorded (not running)");

            assertThat(launcher().start("wallet")).as(printed.toString(StandardCharsets.UTF_8)).isZero();
            long first = state.pid("wallet").orElseThrow();
            ProcessHandle process = part.process(state.pid("wallet")).orElseThrow();
            assertThat(Procs.commandLine(process).orElseThrow()).contains("sleep 120; :", mark("wallet").trim());
            assertThatThrownBy(() -> launcher().start("wallet")).isInstanceOf(MeshException.class)
                    .hasMessageContaining("already running");

            assertThat(launcher().kill("wallet", "KILL")).isZero();
            assertThat(process.isAlive()).isFalse();
            assertThat(state.pid("wallet")).isEmpty();
            assertThat(state.exists()).as("the rest of the mesh stays recorded").isTrue();

            assertThat(launcher().start("wallet")).isZero();
            assertThat(state.pid("wallet")).isPresent().isNotEqualTo(java.util.Optional.of(first));
            // The stand-in is "ready" at once (the probe socket always accepts), so the new process may not have
            // exec'd its command line yet; kill recognises a part by that line, as after a real start's readiness.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (part.process(state.pid("wallet")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(launcher().kill("wallet", "TERM")).isZero();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("SIGKILL to pid " + first, "SIGTERM",
                    "ready");
            assertThat(Files.readString(home.resolve("logs/wallet.log"))).contains("---- ./mesh start wallet at ");
        }
    }

    @Test
    void aServicesNameStandsForAllItsInstancesAndAnInstancesNameForItself() throws Exception {
        // A backlog for every readiness probe of the test: nothing accepts the probes' connections.
        try (ServerSocket probe = new ServerSocket(0, 100, InetAddress.getLoopbackAddress())) {
            State state = new State(home);
            List<Part> parts = List.of(instance("wallet-1", probe), instance("wallet-2", probe));
            state.write(parts, "http://x");
            Files.createDirectories(home.resolve("logs"));
            for (Part part : parts) {
                state.recordLaunch(part.name(), Launch.process(standIn(part.name()), Map.of("PORT", "1")));
            }
            assertThat(launcher().start("wallet")).as(printed.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(state.pid("wallet-1")).isPresent();
            assertThat(state.pid("wallet-2")).isPresent();

            ProcessHandle second = running(parts.get(1), state).orElseThrow();
            assertThat(launcher().kill("wallet-2", "KILL")).isZero();
            assertThat(second.isAlive()).isFalse();
            assertThat(running(parts.get(0), state)).as("the other instance runs on").isPresent();

            // the instance killed before is no reason to fail; the one still running goes
            ProcessHandle first = running(parts.get(0), state).orElseThrow();
            assertThat(launcher().kill("wallet", "KILL")).isZero();
            assertThat(first.isAlive()).isFalse();
            assertThat(launcher().kill("wallet", "KILL")).as("nothing left to kill").isEqualTo(1);

            assertThat(launcher().start("wallet")).as(printed.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(parts).allMatch(p -> running(p, state).isPresent());
            assertThatThrownBy(() -> launcher().start("wallet")).hasMessageContaining("already running");
            assertThat(launcher().kill("wallet", "TERM")).isZero();
            assertThat(parts).allMatch(p -> state.pid(p.name()).isEmpty());
        }
    }

    /** The instance's process once its command line shows, as the launcher waits for it. */
    private static Optional<ProcessHandle> running(Part part, State state) {
        return part.processOnceShown(state.pid(part.name()));
    }

    private Part instance(String name, ServerSocket probe) {
        return new Part(name, 2, probe.getLocalPort(), "tcp://127.0.0.1:" + probe.getLocalPort(), mark(name), "TERM");
    }

    @AfterEach
    void cleanUp() {
        if (stranger != null) {
            stranger.destroyForcibly();
        }
    }
}
