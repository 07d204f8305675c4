package cn.mutualaid.mesh;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka as a hostile network, on the launcher's broker: every client authenticates (SASL SCRAM-SHA-512 on the
 * client listener; the controller listener uses PLAIN, since KRaft controllers cannot check SCRAM), the
 * StandardAuthorizer denies what no ACL allows, and each service's user may write only its own topics and read only
 * what it consumes ({@link #ACCESS}). Passwords are made once per mesh home ({@code kafka/credentials.properties},
 * owner-only) and given to each service as {@code MESH_KAFKA_USER} / {@code MESH_KAFKA_PASSWORD}.
 */
final class KafkaSecurity {
    static final String BROKER = "broker";
    static final String CONTROLLER = "controller";

    /** What a service's Kafka user may do: the topics it writes, the topics it reads, its consumer group. */
    record Access(String user, List<String> writes, List<String> reads, String group) {
        /** The binder parks a message it cannot process in error.&lt;topic&gt;.&lt;group&gt;: written by the reader. */
        List<String> deadLetterTopics() {
            return reads.stream().map(topic -> "error." + topic + "." + group).toList();
        }
    }

    /** From the services' outboxes (writes) and bindings (reads, group); kept equal to k8s/base/kafka/users.yaml. */
    static final List<Access> ACCESS = List.of(
            new Access("registry", List.of("registry.events"), List.of(), null),
            new Access("relation", List.of("relation.events", "wallet.commands"),
                    List.of("registry.events", "wallet.replies"), "relation-service"),
            new Access("wallet", List.of("wallet.events", "wallet.replies"),
                    List.of("registry.events", "relation.events", "wallet.commands", "settlement.events"),
                    "wallet-service"),
            new Access("settlement", List.of("settlement.events"), List.of("wallet.events"), "settlement-service"));

    private final Path file;
    private final Properties passwords = new Properties();

    KafkaSecurity(Path kafkaDir) {
        this.file = kafkaDir.resolve("credentials.properties");
    }

    /** Reads the passwords of this home, making any that are missing. */
    KafkaSecurity load() {
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    passwords.load(in);
                }
            }
            boolean changed = false;
            for (String user : users()) {
                if (passwords.getProperty(user) == null) {
                    passwords.setProperty(user, newPassword());
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(file.getParent());
                try (Writer out = Files.newBufferedWriter(file)) {
                    passwords.store(out, "Kafka users of this mesh (./mesh up made them; never commit)");
                }
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the file keeps its default permissions
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    String password(String user) {
        return passwords.getProperty(user);
    }

    static List<String> users() {
        List<String> users = new ArrayList<>(List.of(BROKER, CONTROLLER));
        ACCESS.forEach(access -> users.add(access.user()));
        return users;
    }

    /** The SCRAM users written into the metadata log when the storage is formatted (the controller's is PLAIN). */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        for (String user : users()) {
            if (!user.equals(CONTROLLER)) {
                args.add("--add-scram");
                args.add("SCRAM-SHA-512=[name=" + user + ",password=" + password(user) + "]");
            }
        }
        return args;
    }

    /** The broker's settings for listeners, authentication and authorization (ports as given). */
    Map<String, String> brokerSettings(int port, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        settings.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        settings.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        settings.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        settings.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        settings.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + BROKER
                        + "\" password=\"" + password(BROKER) + "\";");
        settings.put("sasl.mechanism.controller.protocol", "PLAIN");
        settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + CONTROLLER
                        + "\" password=\"" + password(CONTROLLER) + "\" user_" + CONTROLLER + "=\""
                        + password(CONTROLLER) + "\";");
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("super.users", "User:" + BROKER + ";User:" + CONTROLLER);
        settings.put("allow.everyone.if.no.acl.found", "false");
        return settings;
    }

    /** The environment a service's binder reads (platform's KafkaCredentials). */
    Map<String, String> clientEnvironment(String user) {
        return Map.of("MESH_KAFKA_USER", user, "MESH_KAFKA_PASSWORD", password(user));
    }

    private static String newPassword() {
        // Letters and digits only: the storage tool's --add-scram syntax has no quoting.
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
