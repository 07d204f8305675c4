package cn.mutualaid.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A single-node KRaft Kafka (broker and controller in one JVM) from the Maven artifacts copied to
 * {@code tools/mesh/target/kafka-lib}; its data stays under {@code <home>/kafka/data} between runs. Clients
 * authenticate and are authorized ({@link KafkaSecurity}).
 */
final class Kafka {
    /** Written after formatting with the SCRAM users: storage formatted before authentication existed lacks it. */
    private static final String SECURED_MARK = "secured";

    private final Path dir;
    private final Path classPath;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private final KafkaSecurity security;

    Kafka(Path home, Path kafkaLib, int port, int controllerPort, int partitions) {
        this.dir = home.resolve("kafka");
        this.classPath = kafkaLib;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
        this.security = new KafkaSecurity(dir).load();
    }

    KafkaSecurity security() {
        return security;
    }

    Path config() {
        return dir.resolve("server.properties");
    }

    Path data() {
        return dir.resolve("data");
    }

    /** Writes the broker's configuration (ports may have changed since the last run) and formats new storage. */
    void prepare(List<String> javaPrefix, Path log) {
        try {
            Files.createDirectories(data());
            Files.writeString(config(), String.join("\n",
                    "# written by ./mesh up at each start",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "controller.listener.names=CONTROLLER",
                    security.brokerSettings(port, controllerPort).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")),
                    "log.dirs=" + data(),
                    "num.partitions=" + partitions,
                    "default.replication.factor=1",
                    "min.insync.replicas=1",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=" + partitions,
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "transaction.state.log.num.partitions=" + partitions,
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true",
                    "log.retention.hours=168",
                    ""));
            if (Files.exists(data().resolve("meta.properties")) && !Files.exists(dir.resolve(SECURED_MARK))) {
                // Formatted by an older launcher, without the SCRAM users: nobody could log in. Its topics go.
                Procs.deleteTree(data());
                Files.createDirectories(data());
            }
            if (!Files.exists(data().resolve("meta.properties"))) {
                format(javaPrefix, log);
                Files.writeString(dir.resolve(SECURED_MARK), "SCRAM users and ACLs\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format(List<String> javaPrefix, Path log) throws IOException {
        List<String> command = new ArrayList<>(javaPrefix);
        command.addAll(List.of("-cp", classPath.resolve("*").toString(), "kafka.tools.StorageTool", "format",
                "-t", clusterId(), "-c", config().toString()));
        command.addAll(security.formatArguments());
        runToEnd(command, log, "formatting Kafka's storage");
    }

    /** The services' ACLs, written as the broker's super user by {@link KafkaAcls} in a JVM with Kafka's classes. */
    void applyAcls(List<String> javaPrefix, Path launcherJar, Path log) {
        List<String> command = new ArrayList<>(javaPrefix);
        command.addAll(List.of("-cp", launcherJar + java.io.File.pathSeparator + classPath.resolve("*"),
                KafkaAcls.class.getName(), "127.0.0.1:" + port, security.file().toString()));
        try {
            runToEnd(command, log, "writing Kafka's ACLs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runToEnd(List<String> command, Path log, String what) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new MeshException(what + " failed; last lines of " + log + ":\n  "
                        + String.join("\n  ", Procs.lastLines(log, 30)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException("interrupted");
        }
    }

    /**
     * A new cluster id in Kafka's form: a random UUID, URL-safe base64 without padding, never starting with '-'
     * (the storage tool would take it for an option, which is why Kafka's own ids avoid it too).
     */
    static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    List<String> command(List<String> javaPrefix) {
        List<String> command = new ArrayList<>(javaPrefix);
        command.addAll(List.of(
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
                "-cp", classPath.resolve("*").toString(), "kafka.Kafka", config().toString()));
        return command;
    }
}
