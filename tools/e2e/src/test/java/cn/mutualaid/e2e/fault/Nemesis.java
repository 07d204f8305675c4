package cn.mutualaid.e2e.fault;

import cn.mutualaid.e2e.RunningMesh;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fault injection on the JVM's running mesh through the launcher ({@code ./mesh kill NAME}, {@code ./mesh start NAME}),
 * with a log of what was done when, for the tests' reports.
 */
final class Nemesis {
    /** One fault action: {@code kill -KILL wallet}, {@code start wallet}, ... with its wall time and duration. */
    record Fault(String action, Instant at, Duration took) {
        @Override
        public String toString() {
            return at + " " + action + " (" + took.toMillis() + " ms)";
        }
    }

    private static final List<Fault> ALL = Collections.synchronizedList(new ArrayList<>());

    private Nemesis() {
    }

    /** Stops one part (KILL or TERM); fails the test when the launcher could not. */
    static Fault kill(String part, String signal) {
        return run("kill -" + signal + " " + part, "kill", part, "--signal", signal);
    }

    /** Starts one part again and waits until it is ready; fails the test when it does not become ready. */
    static Fault start(String part) {
        return run("start " + part, "start", part);
    }

    private static Fault run(String action, String... args) {
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        RunningMesh.Result result = RunningMesh.mesh(args);
        Fault fault = new Fault(action, at, Duration.ofNanos(System.nanoTime() - t0));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("./mesh " + String.join(" ", args) + " failed (" + result.exitCode()
                    + "):\n" + result.output());
        }
        ALL.add(fault);
        System.out.println("[fault] " + fault);
        return fault;
    }

    /** Every part that is not alive (a test that failed half-way) is started again, so later tests find a mesh. */
    static void ensureRunning() {
        RunningMesh.Result status = RunningMesh.mesh("status");
        if (status.exitCode() == 0) {
            return;
        }
        for (String line : status.output().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals("NO") && !columns[0].equals("PART")) {
                System.out.println("[fault] " + columns[0] + " is down after a test: starting it again");
                RunningMesh.Result started = RunningMesh.mesh("start", columns[0]);
                System.out.println(started.output());
            }
        }
    }

    static List<Fault> all() {
        synchronized (ALL) {
            return List.copyOf(ALL);
        }
    }
}
