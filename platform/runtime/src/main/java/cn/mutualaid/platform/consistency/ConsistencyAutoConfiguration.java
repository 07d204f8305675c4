package cn.mutualaid.platform.consistency;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

/** Mesh-Await for every service with a database (its inbox); not the gateway, which has none and forwards the header. */
@AutoConfiguration(afterName = {
    "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
    "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration"})
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnBean(DatabaseClient.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ConsistencyProperties.class)
public class ConsistencyAutoConfiguration {

    @Bean
    SeenEvents seenEvents(DatabaseClient db) {
        return new SeenEvents(db);
    }

    @Bean
    AwaitConsistencyFilter awaitConsistencyFilter(SeenEvents seen, ConsistencyProperties properties,
            Environment environment) {
        return new AwaitConsistencyFilter(seen, properties, consumedTopics(environment));
    }

    /** The destinations of the service's input bindings ({@code spring.cloud.stream.bindings.<name>-in-<n>}). */
    static Set<String> consumedTopics(Environment environment) {
        Map<String, Map<String, Object>> bindings = Binder.get(environment)
                .bind("spring.cloud.stream.bindings", Bindable.mapOf(String.class, Object.class))
                .map(ConsistencyAutoConfiguration::asBindings)
                .orElse(Map.of());
        Set<String> topics = new TreeSet<>();
        bindings.forEach((name, binding) -> {
            if (name.matches(".+-in-\\d+") && binding.get("destination") instanceof String destination) {
                topics.add(destination);
            }
        });
        return topics;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> asBindings(Map<String, Object> raw) {
        Map<String, Map<String, Object>> bindings = new java.util.HashMap<>();
        raw.forEach((name, value) -> {
            if (value instanceof Map<?, ?> map) {
                bindings.put(name, (Map<String, Object>) map);
            }
        });
        return bindings;
    }
}
