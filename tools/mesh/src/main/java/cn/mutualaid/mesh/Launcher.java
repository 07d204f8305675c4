package cn.mutualaid.mesh;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The commands of {@code ./mesh}: up, up -d, down, status, logs. */
final class Launcher {
    /** An application of the mesh: its short name, its Maven module, and whether it has a database. */
    record App(String name, String module, boolean database) {
    }

    static final List<App> APPS = List.of(
            new App("registry", "insured-registry-service", true),
            new App("relation", "relation-service", true),
            new App("wallet", "wallet-service", true),
            new App("settlement", "settlement-service", true),
            new App("gateway", "gateway", false));

    private static final int STAGE_POSTGRES = 0;
    private static final int STAGE_KAFKA = 1;
    private static final int STAGE_SERVICES = 2;
    private static final int STAGE_GATEWAY = 3;
    private static final int LOG_LINES_ON_FAILURE = 30;

    /** A process of this run (or, for down, of the recorded one). {@code child} is null when it is not our child. */
    private record Running(Part part, ProcessHandle process, Process child, Path log) {
        String exitDescription() {
            return child != null && !child.isAlive() ? "exited with code " + child.exitValue() : "exited";
        }
    }

    /** A part did not become ready: it is named, with the end of its log. */
    private static final class StartFailure extends RuntimeException {
        final Running running;

        StartFailure(Running running, String reason) {
            super(reason);
            this.running = running;
        }
    }

    /** Ctrl-C (or SIGTERM, SIGHUP) arrived while starting. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super("stop requested");
        }
    }

    private final Config config;
    private final Path home;
    private final State state;
    private final PrintStream out;
    private final long startedNanos = System.nanoTime();
    private final List<Running> running = new CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;
    private Replicas replicas = Replicas.none();

    Launcher(Config config, PrintStream out) {
        this.config = config;
        this.home = config.home();
        this.state = new State(home);
        this.out = out;
    }

    // ---------------------------------------------------------------------------------------------------- up

    /** {@code replicasSpec}: {@code --replicas} as given, else the setting {@code mesh.replicas} (empty: one each). */
    int up(boolean detached, Optional<String> replicasSpec) {
        replicas = Replicas.parse(replicasSpec.orElseGet(() -> Optional.ofNullable(config.find("mesh.replicas"))
                .orElse("")));
        refuseIfRunning();
        Map<App, Path> jars = applicationJars();
        Path kafkaLib = config.repo().resolve("tools/mesh/target/kafka-lib");
        if (!Files.isDirectory(kafkaLib)) {
            throw new MeshException("missing " + kafkaLib + ": build with ./mvnw -DskipTests install");
        }
        Postgres pg = Postgres.choose(config);
        refuseTakenPorts(pg);
        createDirectories();
        out.println("mesh: home " + home + (detached ? " (starting in the background)" : ""));

        JwtKeys keys = new JwtKeys(home);
        if (keys.ensure()) {
            say("jwt", "made a new RSA key pair in " + keys.privateKey.getParent());
        }
        String redisHost = config.get("mesh.redis.host");
        int redisPort = config.port("mesh.redis.port");
        boolean redis = Probes.redisPong(redisHost, redisPort);
        say("redis", redis ? "answers on " + redisHost + ":" + redisPort + ": the gateway keeps rate limits there"
                : "nothing answers PING on " + redisHost + ":" + redisPort
                + ": the gateway limits rates in memory (per process)");

        Kafka kafka = new Kafka(home, kafkaLib, config.port("mesh.kafka.port"),
                config.port("mesh.kafka.controller-port"), config.integer("mesh.kafka.partitions"));
        List<Part> plan = plan(pg);
        state.write(plan, gatewayUrl());
        Signals.onStop(() -> stopRequested = true);
        try {
            startPostgres(pg, part(plan, "postgres"));
            startKafka(kafka, part(plan, "kafka"));
            // The four services, then the gateway, all starting at once: the gateway needs none of them to start,
            // and on two cores the JVMs' start-up overlaps best this way.
            List<Running> apps = new ArrayList<>();
            for (App app : APPS) {
                for (Replicas.Instance instance : instances(app)) {
                    apps.add(startApp(instance, jars.get(app), part(plan, instance.name()), pg, keys, redis,
                            kafka.security()));
                }
            }
            awaitReady(apps);
        } catch (StartFailure failure) {
            Running r = failure.running;
            out.println();
            say(r.part().name(), "FAILED to start: " + failure.getMessage() + "; last lines of " + r.log() + ":");
            printLastLines(r.log());
            out.println();
            stopAll();
            return 1;
        } catch (StopRequested stop) {
            out.println();
            stopAll();
            return 130;
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
        printSummary(detached);
        return detached ? 0 : supervise();
    }

    private void refuseIfRunning() {
        if (!state.exists()) {
            return;
        }
        for (Part part : state.parts()) {
            if (part.ownedByMesh() && part.process(state.pid(part.name())).isPresent()) {
                throw new MeshException("the mesh under " + home + " is already running (see ./mesh status; "
                        + "./mesh down stops it)");
            }
        }
        // left over from a run that did not end cleanly: nothing of it runs any more
        state.parts().forEach(p -> state.forget(p.name()));
        state.clear();
    }

    private Map<App, Path> applicationJars() {
        Map<App, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (App app : APPS) {
            Optional<Path> jar = applicationJar(config.repo(), app.module());
            if (jar.isPresent()) {
                jars.put(app, jar.get());
            } else {
                missing.add(app.module() + "/target/" + app.module() + "-*.jar");
            }
        }
        if (!missing.isEmpty()) {
            throw new MeshException("missing " + String.join(", ", missing)
                    + ": build with ./mvnw -DskipTests install (./mesh up does it when run through the script)");
        }
        return jars;
    }

    /** The Spring Boot jar Maven packaged for a module (the newest, should there be several versions). */
    static Optional<Path> applicationJar(Path repo, String module) {
        Path target = repo.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith(".jar")
                        && !name.matches(".*-(sources|javadoc|tests|plain)\\.jar");
            }).max(Comparator.comparingLong(p -> p.toFile().lastModified()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refuseTakenPorts(Postgres pg) {
        Map<Integer, String> wanted = new TreeMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (App app : APPS) {
            for (Replicas.Instance instance : instances(app)) {
                String setting = "mesh." + app.name() + ".port"
                        + (instance.index() > 1 ? " + " + (instance.index() - 1) + " x mesh.replicas.port-step" : "");
                ports.put(instance.name() + " (" + setting + ")", instance.port());
                ports.put(instance.name() + "'s management (" + setting + " + mesh.management.port-offset)",
                        instance.managementPort());
            }
        }
        ports.put("kafka (mesh.kafka.port)", config.port("mesh.kafka.port"));
        ports.put("kafka's controller (mesh.kafka.controller-port)", config.port("mesh.kafka.controller-port"));
        if (pg.embedded) {
            ports.put("postgres (mesh.pg.port)", pg.port);
        }
        List<String> problems = new ArrayList<>();
        ports.forEach((who, port) -> {
            String other = wanted.putIfAbsent(port, who);
            if (port > 65535) {
                problems.add(who + " is not a port: " + port);
            } else if (other != null) {
                problems.add("port " + port + " is set for both " + other + " and " + who);
            } else if (!Probes.portFree(port)) {
                problems.add("port " + port + " for " + who + " is taken by another process");
            }
        });
        if (!problems.isEmpty()) {
            throw new MeshException(String.join("\n", problems)
                    + "\nfree it, or choose another port (environment variable in upper case, e.g. MESH_GATEWAY_PORT;"
                    + " see " + Config.FILE + ")");
        }
    }

    private void createDirectories() {
        try {
            Files.createDirectories(home.resolve("logs"));
            Files.createDirectories(home.resolve("pids"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Part> plan(Postgres pg) {
        List<Part> plan = new ArrayList<>();
        plan.add(new Part("postgres", STAGE_POSTGRES, pg.port, "tcp://" + pg.host + ":" + pg.port,
                pg.embedded ? "-D " + pg.dataDir(home) + " " : "", "INT"));
        int kafkaPort = config.port("mesh.kafka.port");
        plan.add(new Part("kafka", STAGE_KAFKA, kafkaPort, "kafka://127.0.0.1:" + kafkaPort, match("kafka"), "TERM"));
        for (App app : APPS) {
            for (Replicas.Instance instance : instances(app)) {
                plan.add(new Part(instance.name(), app.name().equals("gateway") ? STAGE_GATEWAY : STAGE_SERVICES,
                        instance.port(), "http://127.0.0.1:" + instance.port() + "/readyz", match(instance.name()),
                        "TERM"));
            }
        }
        return plan;
    }

    /** The instances of an application in this run: one, unless {@code --replicas} asks for more. */
    private List<Replicas.Instance> instances(App app) {
        return replicas.instances(app, config.port("mesh." + app.name() + ".port"),
                config.integer("mesh.replicas.port-step"), config.integer("mesh.management.port-offset"));
    }

    private static Part part(List<Part> plan, String name) {
        return plan.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** The first arguments of every JVM the launcher starts: how {@code down} recognises it later. */
    private String match(String name) {
        return "-Dmesh.home=" + home + " -Dmesh.part=" + name + " ";
    }

    /**
     * The JVM of part {@code name}: the shared flags, then those of {@code mesh.<kind>.jvm-flags} ({@code kind} the
     * application's or Kafka's name; null for the short-lived tools, which take the shared flags only).
     */
    private List<String> java(String name, String kind, String xmx) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(match(name).trim().split(" ")));
        command.add("-Xmx" + xmx);
        command.addAll(JvmFlags.of(config.get("mesh.jvm.flags"),
                kind == null ? null : config.find("mesh." + kind + ".jvm-flags")));
        return command;
    }

    private void startPostgres(Postgres pg, Part part) {
        if (!pg.embedded) {
            say("postgres", "using " + pg.describe() + " as " + pg.user);
        } else {
            Path log = rotatedLog("postgres");
            say("postgres", "starting embedded on 127.0.0.1:" + pg.port + " (data in " + pg.dataDir(home) + ")");
            long pid = pg.startEmbedded(home, log);
            state.recordPid("postgres", pid);
            state.recordLaunch("postgres", Launch.embeddedPostgres(pg.port));
            running.add(new Running(part, ProcessHandle.of(pid).orElseThrow(), null, log));
            say("postgres", "ready (pid " + pid + ")");
        }
        List<String> databases = APPS.stream().filter(App::database).map(this::database).toList();
        pg.createDatabases(databases);
        say("postgres", "databases " + String.join(", ", databases));
    }

    private String database(App app) {
        return config.get("mesh.pg.db-prefix") + app.name();
    }

    private void startKafka(Kafka kafka, Part part) {
        Path log = rotatedLog("kafka");
        List<String> formatJvm = new ArrayList<>(java("kafka-format", null, "256m"));
        kafka.prepare(formatJvm, log);
        say("kafka", "starting on 127.0.0.1:" + part.port() + " (data in " + kafka.data() + "; SASL SCRAM-SHA-512,"
                + " ACLs per service, users in " + kafka.security().file() + ")");
        List<String> command = kafka.command(java("kafka", "kafka", config.get("mesh.kafka.xmx")));
        state.recordLaunch("kafka", Launch.process(command, Map.of()));
        Process process = Procs.start(command, Map.of(), config.repo(), log);
        awaitReady(List.of(track(part, process, log)));
        kafka.applyAcls(java("kafka-acls", null, "128m"), launcherJar(), home.resolve("logs").resolve("kafka-acls.log"));
        say("kafka", "ACLs written: each service writes only its own topics and reads only what it consumes");
    }

    /** This launcher's own jar: the ACL writer runs from it, with Kafka's class path added. */
    private static Path launcherJar() {
        try {
            return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The application's jar as of this start, copied under the home: a running JVM reads classes from its jar for
     * as long as it runs, and a rebuild would otherwise replace the jar under it (NoClassDefFoundError).
     */
    private Path snapshot(Path jar, App app) {
        Path copy = home.resolve("apps").resolve(app.module() + ".jar");
        try {
            Files.createDirectories(copy.getParent());
            if (!Files.exists(copy) || Files.size(copy) != Files.size(jar)
                    || !Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
                Path partial = copy.resolveSibling(copy.getFileName() + ".partial");
                Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new MeshException("cannot copy " + jar + " to " + copy + ": " + e.getMessage(), e);
        }
        return copy;
    }

    private Running startApp(Replicas.Instance instance, Path jar, Part part, Postgres pg, JwtKeys keys,
            boolean redis, KafkaSecurity kafka) {
        App app = instance.app();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(part.port()));
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("MESH_DB_HOST", pg.host);
        env.put("MESH_DB_PORT", Integer.toString(pg.port));
        env.put("MESH_DB_USER", pg.user);
        env.put("MESH_DB_PASSWORD", pg.password);
        env.put("MESH_DB_POOL_MAX", config.get("mesh.pg.pool-max"));
        if (app.database()) {
            env.put("MESH_DB_NAME", database(app));
            // Its own Kafka identity: the broker's ACLs allow it its own topics only.
            env.putAll(kafka.clientEnvironment(app.name()));
        }
        env.put("MESH_KAFKA_BROKERS", "127.0.0.1:" + config.port("mesh.kafka.port"));
        env.put("MESH_KAFKA_PARTITIONS", config.get("mesh.kafka.partitions"));
        env.put("MESH_KAFKA_REPLICATION", "1");
        env.put("MESH_JWT_PUBLIC_KEY", "file:" + keys.publicKey);
        env.put("MESH_JWT_ISSUER", config.get("mesh.jwt.issuer"));
        env.put("MESH_MANAGEMENT_PORT", Integer.toString(instance.managementPort()));
        env.put("MESH_LOG_FORMAT", config.get("mesh.log-format"));
        if (app.name().equals("registry")) {
            env.putAll(new RegistryIdKeys(home).environment());
        }
        if (app.name().equals("wallet")) {
            env.putAll(new WalletDeviceKeys(home).environment());
        }
        List<String> arguments = new ArrayList<>();
        if (app.name().equals("gateway")) {
            for (App target : APPS) {
                if (!target.name().equals("gateway")) {
                    List<Replicas.Instance> targets = instances(target);
                    env.put("MESH_" + target.name().toUpperCase() + "_URL", url(targets.get(0)));
                    // The gateway's load balancer (lb://<module>) over every instance of the service.
                    for (int i = 0; i < targets.size(); i++) {
                        arguments.add("--spring.cloud.discovery.client.simple.instances." + target.module() + "["
                                + i + "].uri=" + url(targets.get(i)));
                    }
                }
            }
            env.put("MESH_JWT_PRIVATE_KEY", "file:" + keys.privateKey);
            env.put("MESH_RATE_LIMIT_STORE", redis ? "redis" : "memory");
            env.put("MESH_REDIS_HOST", config.get("mesh.redis.host"));
            env.put("MESH_REDIS_PORT", config.get("mesh.redis.port"));
        }
        String xmx = Optional.ofNullable(config.find("mesh." + app.name() + ".xmx")).filter(s -> !s.isEmpty())
                .orElse(config.get("mesh.app.xmx"));
        List<String> command = java(part.name(), app.name(), xmx);
        command.addAll(List.of("-jar", snapshot(jar, app).toString()));
        command.addAll(arguments);
        Path log = rotatedLog(part.name());
        state.recordLaunch(part.name(), Launch.process(command, env));
        say(part.name(), "starting on port " + part.port() + " (" + config.repo().relativize(jar) + ", -Xmx" + xmx
                + ")");
        return track(part, Procs.start(command, env, config.repo(), log), log);
    }

    private static String url(Replicas.Instance instance) {
        return "http://127.0.0.1:" + instance.port();
    }

    private Running track(Part part, Process process, Path log) {
        state.recordPid(part.name(), process.pid());
        Running r = new Running(part, process.toHandle(), process, log);
        running.add(r);
        return r;
    }

    /** The part's log for this run; the previous run's is kept as NAME.log.1. */
    private Path rotatedLog(String name) {
        Path log = home.resolve("logs").resolve(name + ".log");
        try {
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createFile(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    /** Waits until every part is ready, saying so as each becomes ready; a part that exits or times out fails. */
    private void awaitReady(List<Running> parts) {
        int timeoutSeconds = config.integer("mesh.start-timeout");
        long stageStart = System.nanoTime();
        long lastNote = stageStart;
        Set<Running> pending = new LinkedHashSet<>(parts);
        while (!pending.isEmpty()) {
            if (stopRequested) {
                throw new StopRequested();
            }
            for (Running r : List.copyOf(pending)) {
                if (!r.process().isAlive()) {
                    throw new StartFailure(r, r.exitDescription());
                }
                if (r.part().ready()) {
                    say(r.part().name(), "ready");
                    pending.remove(r);
                }
            }
            long now = System.nanoTime();
            if (pending.isEmpty()) {
                break;
            }
            if (now - stageStart > timeoutSeconds * 1_000_000_000L) {
                throw new StartFailure(pending.iterator().next(), "not ready after " + timeoutSeconds
                        + " s (mesh.start-timeout)");
            }
            if (now - lastNote >= 5_000_000_000L) {
                say("…", "waiting for " + pending.stream().map(r -> r.part().name())
                        .collect(Collectors.joining(", ")));
                lastNote = now;
            }
            Procs.sleep(500);
        }
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + config.port("mesh.gateway.port");
    }

    private void printSummary(boolean detached) {
        String url = gatewayUrl();
        out.println();
        out.printf("The mesh is up after %d s.%n", elapsedSeconds());
        out.println("  gateway   " + url);
        out.println("  logs      " + home.resolve("logs") + "   (./mesh logs NAME: " + names() + ")");
        out.println("  a token   curl -s -X POST " + url + "/dev/tokens -H 'Content-Type: application/json' \\");
        out.println("                 -d '{\"sub\":\"agency-320500\",\"roles\":[\"AGENCY\"],\"area\":\"320500\"}'");
        out.println("            then: curl -H \"Authorization: Bearer $TOKEN\" " + url + "/api/v1/...");
        out.println(detached ? "  status    ./mesh status;   stop with ./mesh down"
                : "  Ctrl-C stops the mesh (./mesh status in another terminal shows it)");
        out.flush();
    }

    /** The names of the parts of this run (or of the recorded one), e.g. for {@code ./mesh logs NAME}. */
    private String names() {
        if (state.exists()) {
            return state.parts().stream().map(Part::name).collect(Collectors.joining(", "));
        }
        return "postgres, kafka, " + APPS.stream().map(App::name).collect(Collectors.joining(", "));
    }

    /** Foreground: until Ctrl-C, or until a part exits on its own (then the rest is stopped too). */
    private int supervise() {
        while (!stopRequested) {
            for (Running r : running) {
                if (!r.process().isAlive()) {
                    out.println();
                    say(r.part().name(), r.exitDescription() + " unexpectedly; last lines of " + r.log() + ":");
                    printLastLines(r.log());
                    running.remove(r);
                    stopAll();
                    return 1;
                }
            }
            Procs.sleep(1000);
        }
        out.println();
        stopAll();
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------- down

    int down() {
        if (!state.exists()) {
            out.println("mesh: nothing recorded under " + home + "; nothing to stop");
            return 0;
        }
        for (Part part : state.parts()) {
            if (!part.ownedByMesh()) {
                continue;
            }
            Optional<Long> pid = state.pid(part.name());
            Optional<ProcessHandle> process = part.process(pid);
            if (process.isPresent()) {
                running.add(new Running(part, process.get(), null, home.resolve("logs").resolve(part.name() + ".log")));
            } else {
                say(part.name(), pid.map(p -> "pid " + p + " is not running (or no longer " + part.name()
                        + "'s): left alone").orElse("no pid recorded"));
                state.forget(part.name());
            }
        }
        return stopAll() ? 0 : 1;
    }

    /**
     * Stops what this launcher knows to be running, later stages first (gateway, services, Kafka, PostgreSQL): each
     * stage is asked to stop, waited for, and killed if it does not. True when everything has gone.
     */
    private boolean stopAll() {
        boolean allGone = true;
        Map<Integer, List<Running>> byStage = running.stream().collect(Collectors.groupingBy(r -> r.part().stage(),
                () -> new TreeMap<Integer, List<Running>>(Comparator.reverseOrder()), Collectors.toList()));
        for (List<Running> stage : byStage.values()) {
            long t0 = System.nanoTime();
            String names = stage.stream().map(r -> r.part().name()).collect(Collectors.joining(", "));
            say("stop", names + " …");
            stage.forEach(r -> {
                if (r.process().isAlive()) {
                    Procs.signal(r.process(), r.part().signal());
                }
            });
            long grace = stage.get(0).part().stage() <= STAGE_KAFKA ? 30_000 : 20_000;
            for (Running r : stage) {
                if (!Procs.awaitExit(r.process(), Math.max(1000, grace - (System.nanoTime() - t0) / 1_000_000))) {
                    say(r.part().name(), "did not stop within " + grace / 1000 + " s: killed");
                    Procs.signal(r.process(), "KILL");
                    if (!Procs.awaitExit(r.process(), 5000)) {
                        say(r.part().name(), "pid " + r.process().pid() + " is still alive");
                        allGone = false;
                        continue;
                    }
                }
                state.forget(r.part().name());
            }
            say("stop", names + " stopped (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        }
        running.clear();
        if (allGone) {
            state.clear();
        }
        out.flush();
        return allGone;
    }

    // ---------------------------------------------------------------------------------------------------- kill, start

    /**
     * Fault injection: stops one recorded part of the running mesh with {@code signal} (KILL, or TERM: the part's own
     * stop signal, SIGINT for PostgreSQL) and waits until it has gone. Like {@code down}, it signals only a process
     * whose command line still carries the part's mark. The rest of the mesh keeps running; {@code start NAME}
     * brings the part back. The name of a service run as several instances stands for all of them ({@code wallet}:
     * {@code wallet-1}, {@code wallet-2}); one instance is named as {@code status} shows it ({@code wallet-2}).
     */
    int kill(String name, String signal) {
        List<Part> parts = recordedParts(name);
        if (parts.size() > 1) {
            // the instances still running; one killed before is no reason to fail
            List<Part> running = parts.stream().filter(p -> processOf(p).isPresent()).toList();
            parts = running.isEmpty() ? parts.subList(0, 1) : running;
        }
        int code = 0;
        for (Part part : parts) {
            code = Math.max(code, killOne(part, signal));
        }
        return code;
    }

    /** The part's running process, recognised by its command line ({@link Part#processOnceShown}). */
    private Optional<ProcessHandle> processOf(Part part) {
        return part.processOnceShown(state.pid(part.name()));
    }

    private int killOne(Part part, String signal) {
        String name = part.name();
        Optional<Long> pid = state.pid(name);
        Optional<ProcessHandle> process = processOf(part);
        if (process.isEmpty()) {
            say(name, pid.map(p -> "pid " + p + " is not running (or no longer " + name + "'s): nothing killed")
                    .orElse("no pid recorded (not running): nothing killed"));
            return 1;
        }
        ProcessHandle handle = process.get();
        boolean kill = signal.equals("KILL");
        String sent = kill ? "KILL" : part.signal();
        // A postmaster's backends outlive a SIGKILLed parent for a moment and keep its shared memory: they go too.
        List<ProcessHandle> descendants = kill ? handle.descendants().toList() : List.of();
        long t0 = System.nanoTime();
        say(name, "SIG" + sent + " to pid " + handle.pid());
        Procs.signal(handle, sent);
        descendants.forEach(d -> Procs.signal(d, "KILL"));
        long grace = kill ? 10_000 : name.equals("kafka") || name.equals("postgres") ? 30_000 : 20_000;
        if (!Procs.awaitExit(handle, grace)) {
            say(name, "pid " + handle.pid() + " is still alive after " + grace / 1000 + " s");
            return 1;
        }
        descendants.forEach(d -> Procs.awaitExit(d, 5000));
        state.forget(name);
        say(name, "pid " + handle.pid() + " gone after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return 0;
    }

    /**
     * Starts one stopped part of the running mesh again exactly as {@code up} started it (its recorded command line
     * and environment; Kafka on its formatted storage, the embedded PostgreSQL on its data directory), appends to its
     * log, records its pid and waits until it is ready. The name of a service run as several instances starts those
     * of them that are not running, all at once.
     */
    int start(String name) {
        List<Part> parts = recordedParts(name);
        List<Part> stopped = parts.stream().filter(p -> processOf(p).isEmpty()).toList();
        if (stopped.isEmpty()) {
            throw new MeshException(name + " is already running (pid " + parts.stream()
                    .map(p -> state.pid(p.name()).map(String::valueOf).orElse("?"))
                    .collect(Collectors.joining(", ")) + ")");
        }
        if (stopped.size() == 1) {
            return startOne(stopped.get(0));
        }
        List<Running> started = new ArrayList<>();
        for (Part part : stopped) {
            started.add(launchAgain(part, launchOf(part.name())));
        }
        try {
            awaitReady(started);
        } catch (StartFailure failure) {
            say(failure.running.part().name(), "FAILED to start: " + failure.getMessage() + "; last lines of "
                    + failure.running.log() + ":");
            printLastLines(failure.running.log());
            started.forEach(this::stopOne);
            return 1;
        } catch (StopRequested stop) {
            started.forEach(this::stopOne);
            return 130;
        }
        return 0;
    }

    private Launch launchOf(String name) {
        return state.launch(name).orElseThrow(() -> new MeshException("no record of how " + name
                + " was started (" + state.launchFile(name) + "); ./mesh down and ./mesh up start everything"));
    }

    /** Starts a recorded part's process again as {@code up} did, its log appended to; does not wait. */
    private Running launchAgain(Part part, Launch launch) {
        Path log = home.resolve("logs").resolve(part.name() + ".log");
        appendLine(log, "---- ./mesh start " + part.name() + " at " + java.time.Instant.now() + " ----");
        say(part.name(), "starting again (" + launch.command().size() + " arguments, as ./mesh up started it)");
        return track(part, Procs.start(launch.command(), launch.env(), config.repo(), log), log);
    }

    private int startOne(Part part) {
        String name = part.name();
        Launch launch = launchOf(name);
        Path log = home.resolve("logs").resolve(name + ".log");
        if (launch.isEmbeddedPostgres()) {
            appendLine(log, "---- ./mesh start " + name + " at " + java.time.Instant.now() + " ----");
            say(name, "starting embedded on 127.0.0.1:" + launch.pgPort() + " (data in " + home.resolve("postgres")
                    + ")");
            long pid = Postgres.embeddedOn(launch.pgPort()).startEmbedded(home, log);
            state.recordPid(name, pid);
            say(name, "ready (pid " + pid + ")");
            return 0;
        }
        Running started = launchAgain(part, launch);
        try {
            awaitReady(List.of(started));
        } catch (StartFailure failure) {
            say(name, "FAILED to start: " + failure.getMessage() + "; last lines of " + log + ":");
            printLastLines(log);
            stopOne(started);
            return 1;
        } catch (StopRequested stop) {
            stopOne(started);
            return 130;
        }
        say(name, "ready (pid " + state.pid(name).map(String::valueOf).orElse("?") + ")");
        return 0;
    }

    /** Ctrl-C (or SIGTERM) while {@code start} waits: the part being started is stopped again. */
    void requestStop() {
        stopRequested = true;
    }

    /** Stops a part that {@code start} could not bring up (the rest of the mesh and its state stay as they are). */
    private void stopOne(Running r) {
        Procs.signal(r.process(), r.part().signal());
        if (!Procs.awaitExit(r.process(), 20_000)) {
            Procs.signal(r.process(), "KILL");
            Procs.awaitExit(r.process(), 5000);
        }
        state.forget(r.part().name());
        running.remove(r);
    }

    /**
     * The parts of the recorded (running) mesh {@code name} stands for (one, or every instance of a service), when
     * the launcher owns their processes.
     */
    private List<Part> recordedParts(String name) {
        if (!state.exists()) {
            throw new MeshException("the mesh under " + home + " is not running (./mesh up -d starts it)");
        }
        List<Part> parts = Replicas.named(state.parts(), name);
        if (parts.isEmpty()) {
            throw new MeshException("no part " + name + " (names: " + names() + ")");
        }
        if (!parts.get(0).ownedByMesh()) {
            throw new MeshException(name + " is the machine's server, not started by ./mesh: left alone");
        }
        return parts;
    }

    private static void appendLine(Path log, String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- reset

    /**
     * A fresh start for a stopped mesh: drops its databases (on the machine's server) or the embedded server's files,
     * and deletes Kafka's data, the logs and the jar copies. Keeps the JWT keys.
     */
    int reset() {
        refuseIfRunning();
        Postgres pg = Postgres.choose(config);
        if (!pg.embedded) {
            List<String> databases = APPS.stream().filter(App::database).map(this::database).toList();
            pg.dropDatabases(databases);
            say("postgres", "dropped " + String.join(", ", databases) + " on " + pg.describe());
        }
        for (String dir : List.of("postgres", "kafka", "apps", "logs", "launch")) {
            Path path = home.resolve(dir);
            if (Files.exists(path)) {
                Procs.deleteTree(path);
                say("reset", "deleted " + path);
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------- status

    int status() {
        if (!state.exists()) {
            out.println("mesh: not running (nothing recorded under " + home + ")");
            return 3;
        }
        boolean healthy = true;
        out.printf("%-13s %-8s %-6s %-9s %s%n", "PART", "PID", "PORT", "ALIVE", "READY");
        for (Part part : state.parts()) {
            String pid;
            String alive;
            if (part.ownedByMesh()) {
                Optional<Long> recorded = state.pid(part.name());
                boolean isAlive = part.process(recorded).isPresent();
                pid = recorded.map(String::valueOf).orElse("-");
                alive = isAlive ? "yes" : "NO";
                healthy &= isAlive;
            } else {
                pid = "-";
                alive = "external";
            }
            boolean ready = part.ready();
            healthy &= ready;
            out.printf("%-13s %-8s %-6d %-9s %s%n", part.name(), pid, part.port(), alive, ready ? "yes" : "NO");
        }
        out.println();
        out.println(healthy ? "mesh: healthy; gateway at " + state.gatewayUrl()
                : "mesh: NOT healthy (./mesh logs NAME shows a part's log)");
        return healthy ? 0 : 1;
    }

    // ---------------------------------------------------------------------------------------------------- logs

    /** Shows the end of one part's log and follows it (structured lines made readable) until Ctrl-C. */
    int logs(String name) {
        String part = APPS.stream().filter(a -> a.module().equals(name)).map(App::name).findFirst().orElse(name);
        if (state.exists()) {
            List<Part> parts = Replicas.named(state.parts(), part);
            if (parts.size() > 1) {
                throw new MeshException(part + " runs as " + parts.stream().map(Part::name)
                        .collect(Collectors.joining(", ")) + ": name one of them");
            }
        }
        Path log = home.resolve("logs").resolve(part + ".log");
        if (!Files.exists(log)) {
            throw new MeshException("no log " + log + " (names: " + names() + ")");
        }
        out.println("mesh: " + log + " (Ctrl-C to stop following)");
        Procs.lastLines(log, 100).forEach(this::printReadable);
        new LogFollower(log, this::printReadable).run();
        return 0;
    }

    private void printReadable(String line) {
        Procs.readable(line).forEach(out::println);
        out.flush();
    }

    // ----------------------------------------------------------------------------------------------------

    private void printLastLines(Path log) {
        Procs.lastLines(log, LOG_LINES_ON_FAILURE).stream().flatMap(line -> Procs.readable(line).stream())
                .forEach(line -> out.println("    " + line));
    }

    private long elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    private void say(String part, String message) {
        out.printf("[%3ds] %-10s %s%n", elapsedSeconds(), part, message);
        out.flush();
    }
}
