package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * mesh.db.statement-timeout and mesh.db.lock-timeout on every R2DBC connection: a statement that runs too long, or
 * waits too long for a row another transaction holds, is cancelled by PostgreSQL; the request answers 503
 * SERVICE_UNAVAILABLE (nothing was done: its transaction rolled back) with Retry-After, and the log names the
 * statement.
 */
@MeshTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"mesh.db.statement-timeout=2s", "mesh.db.lock-timeout=1s"})
class DatabaseTimeoutsIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired TransactionalOperator tx;

    @Test
    void aStatementRunningPastTheTimeoutIs503AndLoggedWithItsSql(CapturedOutput output) {
        long started = System.nanoTime();
        web.get().uri("/probe/slow?seconds=30").headers(h -> h.setBearerAuth(TestJwt.agency("320500"))).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
        assertThat(output.getOut()).contains("/probe/slow answered 503").contains("select pg_sleep");
        // The settings are the connection's own: PostgreSQL reports them for any statement on the pool.
        assertThat(setting("statement_timeout")).isEqualTo("2s");
        assertThat(setting("lock_timeout")).isEqualTo("1s");
        // A statement within the limit is answered as before.
        web.get().uri("/probe/slow?seconds=0.1").headers(h -> h.setBearerAuth(TestJwt.agency("320500"))).exchange()
                .expectStatus().isOk();
    }

    @Test
    void waitingPastTheLockTimeoutForARowAnotherTransactionHoldsIs503(CapturedOutput output) {
        db.sql("insert into probe_state (person_id) values ('held-row')").fetch().rowsUpdated().block();
        Sinks.Empty<Void> release = Sinks.empty();
        Sinks.Empty<Void> held = Sinks.empty();
        // Another transaction holds the row until released.
        tx.transactional(db.sql("select id from probe_state where person_id = 'held-row' for update").fetch().all()
                        .then(Mono.fromRunnable(held::tryEmitEmpty)).then(release.asMono()))
                .subscribe();
        held.asMono().block(Duration.ofSeconds(30));
        try {
            web.post().uri("/probe/locked/held-row").headers(h -> h.setBearerAuth(TestJwt.agency("320500"))).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(output.getOut()).contains("/probe/locked/held-row answered 503").contains("for update");
        } finally {
            release.tryEmitEmpty();
        }
        // Released, the same row is locked at once.
        web.post().uri("/probe/locked/held-row").headers(h -> h.setBearerAuth(TestJwt.agency("320500"))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.locked").isEqualTo(1);
    }

    private String setting(String name) {
        return db.sql("select current_setting('" + name + "')").map(row -> row.get(0, String.class)).one().block();
    }
}
