package cn.mutualaid.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service starts on real PostgreSQL and Kafka, applies its migrations and reports healthy. */
@MeshTest
class SettlementApplicationIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;

    @Test
    void startsMigratesAndIsHealthy() {
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        Long migrations = db.sql("select count(*) from flyway_schema_history where success")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(migrations).isGreaterThanOrEqualTo(2);
        Long outbox = db.sql("select count(*) from information_schema.tables where table_name in ('outbox', 'inbox')")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(outbox).isEqualTo(2);
    }
}
