package cn.mutualaid.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM: {@code MESH_TEST_KAFKA_BROKERS} if set, else Testcontainers when Docker
 * answers, else a real KRaft broker inside this JVM (spring-kafka-test), no Docker needed.
 */
public final class TestKafka {
    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static volatile String brokers;

    private TestKafka() {
    }

    public static String brokers() {
        String current = brokers;
        if (current == null) {
            synchronized (TestKafka.class) {
                if (brokers == null) {
                    brokers = start();
                }
                current = brokers;
            }
        }
        return current;
    }

    private static String start() {
        String configured = System.getenv("MESH_TEST_KAFKA_BROKERS");
        if (configured != null && !configured.isBlank()) {
            log.info("test Kafka: MESH_TEST_KAFKA_BROKERS {}", configured);
            return configured;
        }
        if (TestPostgres.dockerAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.1.0");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            log.info("test Kafka: Testcontainers {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("log.dir", System.getProperty("java.io.tmpdir") + "/mesh-test-kafka-" + ProcessHandle.current().pid());
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("test Kafka: in-JVM KRaft broker {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }
}
