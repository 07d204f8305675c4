package cn.mutualaid.platform.partition;

import cn.mutualaid.platform.messaging.MessagingAutoConfiguration;
import cn.mutualaid.platform.observability.DatabaseGauges;
import cn.mutualaid.platform.observability.ObservabilityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Monthly partitions created ahead for the tables a service lists under {@code mesh.partitions.tables}. */
@AutoConfiguration(after = {MessagingAutoConfiguration.class, ObservabilityAutoConfiguration.class})
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnBean({DatabaseClient.class, TransactionalOperator.class})
@EnableConfigurationProperties(PartitionProperties.class)
public class PartitionAutoConfiguration {

    /**
     * The job, and a gauge of the rows in the tables' default partitions: a row there is one whose month had no
     * partition when it was written (the job moves it at the month's creation; one far in the past stays). Alert:
     * MeshPartitionDefaultRows. The job counts a month it could not ensure in mesh.partitions.failures (alert
     * MeshPartitionFailures).
     */
    @Bean
    PartitionMaintenance partitionMaintenance(DatabaseClient db, TransactionalOperator tx, Clock clock,
            PartitionProperties properties, ObjectProvider<DatabaseGauges> gauges, ObjectProvider<MeterRegistry> meters) {
        if (!properties.tables().isEmpty()) {
            gauges.ifAvailable(g -> g.gauge("mesh.partitions.default.rows",
                    "rows in the default partitions of the tables partitioned by month (0 when every row has its month)",
                    properties.tables().stream()
                            .map(t -> "(select count(*) from " + t.defaultPartition() + ")")
                            .collect(Collectors.joining(" + ", "select ", ""))));
        }
        return new PartitionMaintenance(db, tx, clock, properties, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
