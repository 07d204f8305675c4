package cn.mutualaid.platform.messaging;

import cn.mutualaid.platform.audit.CorrelationIdLogField;
import cn.mutualaid.platform.consistency.ConsistencyToken;
import cn.mutualaid.platform.messaging.parked.ParkedMessageController;
import cn.mutualaid.platform.messaging.parked.ParkedMessageStore;
import cn.mutualaid.platform.messaging.parked.ParkedMessages;
import cn.mutualaid.platform.messaging.parked.Parking;
import io.micrometer.context.ContextRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Outbox, relay and inbox for every service that has a database and Kafka (not the gateway). */
@AutoConfiguration(afterName = {
    "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
    "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
    "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration"})
@ConditionalOnClass({DatabaseClient.class, StreamBridge.class})
@EnableConfigurationProperties({OutboxProperties.class, ConsumerRetryProperties.class, RetentionProperties.class,
    WatchdogProperties.class})
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock meshClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionalOperator meshTransactionalOperator(ReactiveTransactionManager transactions) {
        return TransactionalOperator.create(transactions);
    }

    @Bean
    TraceparentSource traceparentSource(ObjectProvider<Tracer> tracer) {
        return () -> {
            Tracer t = tracer.getIfAvailable();
            if (t == null || t.currentSpan() == null) {
                return null;
            }
            var context = t.currentSpan().context();
            return "00-" + context.traceId() + "-" + context.spanId() + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
        };
    }

    @Bean
    OutboxSender outboxSender(OutboxProperties properties, StreamBridge bridge, Environment env) {
        return properties.sender() == OutboxProperties.Sender.BRIDGE ? new BridgeOutboxSender(bridge)
                : new KafkaOutboxSender(env, properties);
    }

    @Bean
    OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator tx, OutboxSender sender,
            OutboxProperties properties, MeterRegistry meters) {
        return new OutboxRelay(db, tx, sender, properties, meters);
    }

    @Bean
    Outbox outbox(DatabaseClient db, OutboxRelay relay, Clock clock, TraceparentSource traceparent) {
        return new Outbox(db, relay, clock, traceparent);
    }

    /** Purges sent outbox rows and old inbox records, in every service that has them. */
    @Bean
    MessagingPurge messagingPurge(DatabaseClient db, OutboxProperties outbox, RetentionProperties retention) {
        return new MessagingPurge(db, outbox, retention);
    }

    @Bean
    Inbox inbox(DatabaseClient db, TransactionalOperator tx) {
        return new Inbox(db, tx);
    }

    @Bean
    @ConditionalOnMissingBean
    cn.mutualaid.platform.audit.Audit audit(DatabaseClient db) {
        return new cn.mutualaid.platform.audit.Audit(db);
    }

    @Bean
    @ConditionalOnMissingBean
    cn.mutualaid.platform.audit.CorrelationId correlationIdFilter() {
        return new cn.mutualaid.platform.audit.CorrelationId();
    }

    /**
     * The correlation id into log lines from the Reactor context ({@link CorrelationIdLogField}) instead of the tracing
     * baggage field (MESH_CORRELATION_FROM_CONTEXT=true with MESH_CORRELATION_BAGGAGE= ): cheaper, but not the default,
     * since lines logged where work resumes on a pooled connection's thread (the driver's BEGIN, COMMIT) lose the id.
     */
    @Bean
    @ConditionalOnProperty(name = "mesh.logging.correlation-id-from-context", havingValue = "true")
    SmartInitializingSingleton correlationIdLogField() {
        return () -> ContextRegistry.getInstance().registerThreadLocalAccessor(new CorrelationIdLogField());
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    ConsistencyToken consistencyTokenFilter() {
        return new ConsistencyToken();
    }

    @Bean
    ParkedMessageStore parkedMessageStore(DatabaseClient db) {
        return new ParkedMessageStore(db);
    }

    @Bean
    Parking parking(ParkedMessageStore store, StreamBridge bridge, MeterRegistry meters) {
        return new Parking(store, bridge, meters);
    }

    /** The one failure policy of every Kafka binding: poison parked at once, outages retried for ever. */
    @Bean
    @ConditionalOnClass(ListenerContainerWithDlqAndRetryCustomizer.class)
    ConsumerErrorHandling consumerErrorHandling(ConsumerRetryProperties retry, Parking parking,
            ConsumerWatchdog watchdog) {
        return new ConsumerErrorHandling(retry, parking, watchdog);
    }

    /** Starts again or makes rejoin a binding's consumer that stopped taking its group's events. */
    @Bean
    @ConditionalOnClass(ListenerContainerWithDlqAndRetryCustomizer.class)
    ConsumerWatchdog consumerWatchdog(Environment env, WatchdogProperties properties, MeterRegistry meters) {
        return new ConsumerWatchdog(env, properties, meters);
    }

    @Bean
    ParkedMessages parkedMessages(ParkedMessageStore store, BeanFactory beans, BindingServiceProperties bindings,
            cn.mutualaid.platform.audit.Audit audit, TransactionalOperator tx) {
        return new ParkedMessages(store, beans, bindings, audit, tx);
    }

    /** At /api/v1/parked-messages/{service}: the application name without "-service" (wallet, relation ...). */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    ParkedMessageController parkedMessageController(ParkedMessages parked, Environment env) {
        String name = env.getProperty("mesh.messaging.service-name",
                env.getProperty("spring.application.name", "service").replaceFirst("-service$", ""));
        return new ParkedMessageController(parked, name);
    }

    /** Every service's Flyway also applies the platform's own tables (outbox, inbox). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FluentConfiguration.class)
    static class PlatformMigrations {
        @Bean
        FlywayConfigurationCustomizer platformMigrationLocation() {
            return configuration -> {
                var locations = new java.util.ArrayList<>(java.util.Arrays.asList(configuration.getLocations()));
                var platform = new org.flywaydb.core.api.Location("classpath:db/platform");
                if (!locations.contains(platform)) {
                    locations.add(platform);
                }
                configuration.locations(locations.toArray(org.flywaydb.core.api.Location[]::new));
            };
        }
    }
}
