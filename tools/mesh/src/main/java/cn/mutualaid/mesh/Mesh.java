package cn.mutualaid.mesh;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code ./mesh}: the mesh on this machine without Docker. See {@link #USAGE}. */
public final class Mesh {
    static final String USAGE = """
            usage: ./mesh COMMAND
              up        start Kafka, PostgreSQL and the five applications; wait until all are ready; Ctrl-C stops all
              up -d     the same in the background: returns once everything is ready
              up [-d] --replicas SERVICE=N[,SERVICE=N...]
                        run N instances of those services (registry, relation, wallet, settlement; e.g.
                        wallet=2,settlement=2), each on its own ports (the service's port + 10 per instance),
                        sharing its database and Kafka consumer group; the gateway balances over them.
                        Instances are named wallet-1, wallet-2, ...; kill/start wallet acts on all of them
              status    each process (every instance) with its pid, port, whether it is alive and ready (exit code 0
                        when healthy)
              down      stop what ./mesh up started (by the pids it recorded, nothing else)
              logs NAME follow one log: postgres, kafka, registry, relation, wallet, settlement, gateway
              kill NAME [--signal KILL|TERM]
                        fault injection: stop one part of the running mesh (default SIGKILL; TERM = its own stop
                        signal, SIGINT for the embedded PostgreSQL); only the recorded pid, if it is still that part
              start NAME
                        start one stopped part again exactly as up started it (same command line and environment;
                        Kafka on its storage, the embedded PostgreSQL on its data); returns once it is ready
              demo [--data-set 2024-12]
                        play the worked example (docs/domain.md rule 11) through the gateway of the running mesh;
                        with a data set, load its rollout first (December 2024: tools/e2e/.../datasets/)
              reset     (when stopped) a fresh start: drop the mesh's databases, delete Kafka's data and the logs;
                        the JWT keys stay
              help      this text

            Settings: tools/mesh/mesh.properties, each overridable by an environment variable named after its key
            (mesh.gateway.port -> MESH_GATEWAY_PORT). Data, logs, pids and the JWT keys live in MESH_HOME
            (default .mesh/ in the repository). MESH_SKIP_BUILD=1 makes the script use the jars as they are.
            """;

    private Mesh() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args), System.out);
        } catch (MeshException e) {
            System.err.println("mesh: " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        // halt, not exit: an embedded PostgreSQL's library would stop the server from a shutdown hook, and
        // ./mesh up -d must leave it running; everything of ours that needed stopping is stopped by now.
        Runtime.getRuntime().halt(code);
    }

    static int run(List<String> args, PrintStream out) {
        String command = args.isEmpty() ? "help" : args.get(0);
        List<String> rest = args.subList(Math.min(1, args.size()), args.size());
        if (command.equals("help") || command.equals("-h") || command.equals("--help")) {
            out.print(USAGE);
            return 0;
        }
        Launcher launcher = new Launcher(Config.load(repository(), System.getenv()), out);
        switch (command) {
            case "up":
                return upOptions(rest, launcher);
            case "down":
                return launcher.down();
            case "status":
                return launcher.status();
            case "reset":
                return launcher.reset();
            case "kill":
                return launcher.kill(name(rest, "kill"), killSignal(rest));
            case "start":
                if (rest.size() != 1) {
                    throw new MeshException("start takes one NAME\n" + USAGE);
                }
                Signals.onStop(launcher::requestStop);
                return launcher.start(rest.get(0));
            case "logs":
                if (rest.size() != 1) {
                    throw new MeshException("logs takes one NAME\n" + USAGE);
                }
                return launcher.logs(rest.get(0));
            default:
                throw new MeshException("unknown command " + command + "\n" + USAGE);
        }
    }

    /** {@code up [-d|--detach] [--replicas SPEC | --replicas=SPEC]}, in any order. */
    private static int upOptions(List<String> options, Launcher launcher) {
        boolean detached = false;
        java.util.Optional<String> replicas = java.util.Optional.empty();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if ((option.equals("-d") || option.equals("--detach")) && !detached) {
                detached = true;
            } else if (option.equals("--replicas") && i + 1 < options.size() && replicas.isEmpty()) {
                replicas = java.util.Optional.of(options.get(++i));
            } else if (option.startsWith("--replicas=") && replicas.isEmpty()) {
                replicas = java.util.Optional.of(option.substring("--replicas=".length()));
            } else {
                throw new MeshException("up takes -d and --replicas SERVICE=N[,...], not " + option + "\n" + USAGE);
            }
        }
        return launcher.up(detached, replicas);
    }

    private static String name(List<String> rest, String command) {
        if (rest.isEmpty() || rest.get(0).startsWith("-")) {
            throw new MeshException(command + " takes a NAME first\n" + USAGE);
        }
        return rest.get(0);
    }

    /** The signal of {@code kill NAME [--signal KILL|TERM]}: KILL unless told otherwise. */
    static String killSignal(List<String> rest) {
        List<String> options = rest.subList(1, rest.size());
        if (options.isEmpty()) {
            return "KILL";
        }
        if (options.size() == 2 && options.get(0).equals("--signal")) {
            String signal = options.get(1).toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
            if (signal.equals("KILL") || signal.equals("TERM")) {
                return signal;
            }
        }
        throw new MeshException("kill takes NAME [--signal KILL|TERM], not " + String.join(" ", rest) + "\n" + USAGE);
    }

    /** The repository root: given by the ./mesh script, else found from this jar (tools/mesh/target/mesh.jar). */
    static Path repository() {
        String given = System.getProperty("mesh.repo");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Mesh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent().getParent().toAbsolutePath().normalize();
        } catch (Exception e) {
            throw new MeshException("cannot find the repository; run through ./mesh", e);
        }
    }
}
