package cn.mutualaid.platform.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** The platform's own Kafka clients (the relay's producer, the watchdog's admin) reach the brokers as the binder does. */
final class KafkaClients {
    static final String BINDER = "spring.cloud.stream.kafka.binder.";

    private KafkaClients() {
    }

    /** The binder's brokers and its client settings (security included), for a client of the platform's own. */
    static Map<String, Object> binderClient(Environment env) {
        Binder binder = Binder.get(env);
        Map<String, Object> client = new HashMap<>(binder.bind(BINDER + "configuration",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", binder.bind(BINDER + "brokers", String[].class).orElse(new String[] {"localhost:9092"})));
        return client;
    }
}
