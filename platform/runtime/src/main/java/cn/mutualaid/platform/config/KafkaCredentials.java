package cn.mutualaid.platform.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Kafka is a hostile network: when the service is given a Kafka identity ({@code mesh.kafka.user}, env
 * {@code MESH_KAFKA_USER}, with {@code MESH_KAFKA_PASSWORD}), every client of the binder (producers, consumers, its
 * admin client) authenticates with SASL SCRAM-SHA-512 as that user, and the broker's ACLs decide which topics it may
 * write and read. Without a user nothing is added, so the tests' in-JVM broker stays plaintext.
 * {@code MESH_KAFKA_SECURITY_PROTOCOL} (default SASL_PLAINTEXT) is SASL_SSL where the listener has TLS, with
 * {@code MESH_KAFKA_TRUSTSTORE} naming the broker CA's PEM certificate.
 */
public class KafkaCredentials implements EnvironmentPostProcessor {
    static final String NAME = "mesh-kafka-credentials";
    private static final String BINDER = "spring.cloud.stream.kafka.binder.configuration.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String user = environment.getProperty("mesh.kafka.user", environment.getProperty("MESH_KAFKA_USER", ""));
        if (user.isBlank() || environment.getPropertySources().contains(NAME)) {
            return;
        }
        String password = environment.getProperty("mesh.kafka.password",
                environment.getProperty("MESH_KAFKA_PASSWORD", ""));
        if (password.isBlank()) {
            throw new IllegalStateException("MESH_KAFKA_USER is set without MESH_KAFKA_PASSWORD");
        }
        Map<String, Object> sasl = new LinkedHashMap<>();
        sasl.put(BINDER + "security.protocol", environment.getProperty("MESH_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
        sasl.put(BINDER + "sasl.mechanism", "SCRAM-SHA-512");
        sasl.put(BINDER + "sasl.jaas.config", jaas(user, password));
        String truststore = environment.getProperty("MESH_KAFKA_TRUSTSTORE", "");
        if (!truststore.isBlank()) {
            sasl.put(BINDER + "ssl.truststore.type", "PEM");
            sasl.put(BINDER + "ssl.truststore.location", truststore);
        }
        environment.getPropertySources().addFirst(new MapPropertySource(NAME, sasl));
    }

    /** The JAAS line, with the user and password quoted as JAAS requires (a quote or backslash escaped). */
    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(user)
                + "\" password=\"" + quoted(password) + "\";";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
