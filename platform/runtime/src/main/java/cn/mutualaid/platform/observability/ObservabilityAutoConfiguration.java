package cn.mutualaid.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * What the platform adds to Spring Boot's metrics and traces: traces and failure counts across Kafka
 * ({@link ConsumedTrace}), and gauges read from a service's own database ({@link DatabaseGauges}).
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
    "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration"})
public class ObservabilityAutoConfiguration {

    @Bean
    SmartInitializingSingleton meshConsumedTrace(ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<MeterRegistry> meters) {
        return () -> ConsumedTrace.install(observations.getIfAvailable(), meters.getIfAvailable());
    }

    /** Every service with a database has an outbox: how long its oldest unsent event has waited. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DatabaseClient.class)
    @ConditionalOnBean(DatabaseClient.class)
    static class Gauges {
        @Bean
        DatabaseGauges meshDatabaseGauges(DatabaseClient db, MeterRegistry meters,
                @Value("${mesh.metrics.database-gauges-interval:15s}") Duration interval) {
            // The relay scans unsent rows by id (partial index outbox_unsent): the lowest id is the oldest.
            return new DatabaseGauges(db, meters, interval).gauge("mesh.outbox.oldest.age",
                    "seconds the oldest unsent outbox event has waited (0 when none)", """
                    select coalesce(extract(epoch from now() - (select created_at from outbox where sent_at is null
                                                                order by id limit 1)), 0)""");
        }
    }
}
