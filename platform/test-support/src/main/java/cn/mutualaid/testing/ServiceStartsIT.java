package cn.mutualaid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every service starts on real PostgreSQL and Kafka, applies its own and the platform's migrations, and reports
 * healthy. A service's test extends this and adds {@link MeshTest}.
 */
public abstract class ServiceStartsIT {
    @Autowired protected WebTestClient web;
    @Autowired protected DatabaseClient db;

    @Test
    void startsMigratesAndIsHealthy() {
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        Long migrations = db.sql("select count(*) from flyway_schema_history where success")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(migrations).isGreaterThanOrEqualTo(2);
        Long platformTables = db.sql("select count(*) from information_schema.tables where table_name in ('outbox', 'inbox')")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(platformTables).isEqualTo(2);
    }
}
