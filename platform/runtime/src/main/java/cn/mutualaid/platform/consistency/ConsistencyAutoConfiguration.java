package cn.mutualaid.platform.consistency;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
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
    AwaitConsistencyFilter awaitConsistencyFilter(SeenEvents seen, ConsistencyProperties properties) {
        return new AwaitConsistencyFilter(seen, properties);
    }
}
