package cn.mutualaid.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class KafkaCredentialsTest {
    private static final String BINDER = "spring.cloud.stream.kafka.binder.configuration.";

    @Test
    void withoutAKafkaUserTheBinderStaysPlaintext() {
        MockEnvironment env = new MockEnvironment();
        new KafkaCredentials().postProcessEnvironment(env, null);
        assertThat(env.getProperty(BINDER + "security.protocol")).isNull();
        assertThat(env.getProperty(BINDER + "sasl.jaas.config")).isNull();
    }

    @Test
    void aKafkaUserAuthenticatesEveryBinderClientWithScram() {
        MockEnvironment env = new MockEnvironment().withProperty("MESH_KAFKA_USER", "wallet")
                .withProperty("MESH_KAFKA_PASSWORD", "pa\"ss");
        new KafkaCredentials().postProcessEnvironment(env, null);
        assertThat(env.getProperty(BINDER + "security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(env.getProperty(BINDER + "sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(env.getProperty(BINDER + "sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"wallet\" password=\"pa\\\"ss\";");
    }

    @Test
    void tlsWithTheBrokersCaWhenConfigured() {
        MockEnvironment env = new MockEnvironment().withProperty("MESH_KAFKA_USER", "wallet")
                .withProperty("MESH_KAFKA_PASSWORD", "p").withProperty("MESH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .withProperty("MESH_KAFKA_TRUSTSTORE", "/etc/kafka-ca/ca.crt");
        new KafkaCredentials().postProcessEnvironment(env, null);
        assertThat(env.getProperty(BINDER + "security.protocol")).isEqualTo("SASL_SSL");
        assertThat(env.getProperty(BINDER + "ssl.truststore.type")).isEqualTo("PEM");
        assertThat(env.getProperty(BINDER + "ssl.truststore.location")).isEqualTo("/etc/kafka-ca/ca.crt");
    }

    @Test
    void aUserWithoutPasswordIsAStartupError() {
        MockEnvironment env = new MockEnvironment().withProperty("MESH_KAFKA_USER", "wallet");
        assertThatThrownBy(() -> new KafkaCredentials().postProcessEnvironment(env, null))
                .hasMessageContaining("MESH_KAFKA_PASSWORD");
    }
}
