package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Against the launcher's running broker: a client with another service's identity cannot publish a wallet command,
 * a wrong password and an unauthenticated client are refused. Only relation-service may write wallet.commands.
 */
final class KafkaAccessCheck {
    private KafkaAccessCheck() {
    }

    static void assertOnlyTheOwnerWritesWalletCommands(Path home, int port) throws Exception {
        KafkaSecurity users = new KafkaSecurity(home.resolve("kafka")).load();

        // settlement-service's identity: it authenticates (it may see wallet.events, which it consumes) ...
        try (KafkaProducer<String, String> settlement = producer(port, "SASL_PLAINTEXT", "settlement",
                users.password("settlement"))) {
            assertThat(settlement.partitionsFor("wallet.events")).isNotEmpty();
            // ... but the broker refuses it a command to the wallet.
            assertThatThrownBy(() -> send(settlement, "wallet.commands"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // The wallet's own identity may not command itself either: wallet.commands belongs to relation-service.
        try (KafkaProducer<String, String> wallet = producer(port, "SASL_PLAINTEXT", "wallet", users.password("wallet"))) {
            assertThatThrownBy(() -> send(wallet, "wallet.commands"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> impostor = producer(port, "SASL_PLAINTEXT", "relation", "not-the-password")) {
            assertThatThrownBy(() -> send(impostor, "wallet.commands"))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        // Without SASL the broker does not even answer metadata requests: the send never leaves the client.
        try (KafkaProducer<String, String> anonymous = producer(port, "PLAINTEXT", null, null)) {
            assertThatThrownBy(() -> send(anonymous, "wallet.commands")).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    /** Refusals arrive as the failed future's cause (ExecutionException). */
    private static void send(KafkaProducer<String, String> producer, String topic) throws Exception {
        producer.send(new ProducerRecord<>(topic, "acl-check", "{}")).get(20, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer(int port, String protocol, String user, String password) {
        Properties config = new Properties();
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "8000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                "security.protocol", protocol));
        if (user != null) {
            config.put("sasl.mechanism", "SCRAM-SHA-512");
            config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + user + "\" password=\"" + password + "\";");
        }
        return new KafkaProducer<>(config);
    }
}
