package cn.mutualaid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every service starts on real PostgreSQL and Kafka, applies its own and the platform's migrations, and reports
 * healthy: probes on the application port, the actuator on the management port only. A service's test extends this and adds {@link MeshTest}.
 */
public abstract class ServiceStartsIT {
    @Autowired protected WebTestClient web;
    @Autowired protected DatabaseClient db;
    @Autowired protected Environment environment;

    @Test
    void startsMigratesAndIsHealthy() {
        web.get().uri("/livez").exchange().expectStatus().isOk();
        web.get().uri("/readyz").exchange().expectStatus().isOk();
        WebTestClient management = ManagementPort.client(environment);
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        // The application's port serves no actuator: metrics never reach the gateway or the Ingress.
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        // Outside the local profile the API document needs a token like the API itself.
        web.get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
        web.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.openapi").exists();
        Long migrations = db.sql("select count(*) from flyway_schema_history where success")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(migrations).isGreaterThanOrEqualTo(2);
        Long platformTables = db.sql("select count(*) from information_schema.tables where table_name in ('outbox', 'inbox')")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(platformTables).isEqualTo(2);
    }
}
