package cn.mutualaid.platform.probe;

import cn.mutualaid.contracts.registry.PersonRegistered;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.PoisonMessage;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.platform.validation.PageNumber;
import cn.mutualaid.platform.validation.PageSize;
import cn.mutualaid.platform.validation.PlausibleDate;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.testing.TestPostgres;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A minimal service used to test the platform: one outbox producer, and an inbox consumer in another database. */
@SpringBootApplication
public class ProbeApplication {

    /** The consuming side lives in its own database, like another service would. */
    public static final class OtherService {
        public final DatabaseClient db;
        public final Inbox inbox;
        public final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

        OtherService() {
            TestPostgres.Server pg = TestPostgres.server();
            String database = TestPostgres.database("platform_other");
            Flyway.configure().dataSource(pg.jdbcUrl(database), pg.user(), pg.password())
                    .locations("classpath:db/platform", "classpath:db/other").load().migrate();
            var factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host(pg.host()).port(pg.port()).username(pg.user()).password(pg.password()).database(database)
                    .build());
            db = DatabaseClient.create(factory);
            inbox = new Inbox(db, TransactionalOperator.create(new R2dbcTransactionManager(factory)));
        }
    }

    @Bean
    OtherService otherService() {
        return new OtherService();
    }

    /**
     * Built like every consumer of the mesh. A person id in {@code other.refused} is judged invalid (poison), as a
     * release with a bug would; removing it is the fix that a replay then meets.
     */
    @Bean
    Consumer<Message<byte[]>> probeConsumer(OtherService other) {
        return EventHandlers.of(Topics.REGISTRY_EVENTS, "probe", other.inbox)
                .on(PersonRegistered.class, (envelope, event) -> {
                    if (other.refused.contains(event.personId())) {
                        throw new PoisonMessage(PoisonMessage.Reason.INVALID_PAYLOAD,
                                "the probe refuses " + event.personId(), null);
                    }
                    return other.db.sql("insert into received (event_id, person_id) values (:e, :p)")
                            .bind("e", envelope.eventId()).bind("p", event.personId())
                            .fetch().rowsUpdated();
                })
                .consumer();
    }

    public static PersonRegistered person(String personId) {
        return new PersonRegistered(personId, "F", LocalDate.of(1949, 12, 31), Instant.now());
    }

    record Body(@NotNull @HumanText(max = 100) String name, @Fen long amountFen) {
    }

    @RestController
    static class ProbeController {
        private final Outbox outbox;
        private final TransactionalOperator tx;
        private final DatabaseClient db;

        ProbeController(Outbox outbox, TransactionalOperator tx, DatabaseClient db) {
            this.outbox = outbox;
            this.tx = tx;
            this.db = db;
        }

        @PostMapping("/probe/things")
        @PreAuthorize("hasRole('AGENCY')")
        @io.swagger.v3.oas.annotations.Operation(summary = "Create a probe thing")
        @cn.mutualaid.platform.openapi.Refuses(status = 409, codes = "THING_EXISTS")
        @cn.mutualaid.platform.openapi.Refuses(status = 422, codes = {"THING_REFUSED", "THING_TOO_BIG"})
        Mono<Map<String, Object>> create(@Valid @RequestBody Body body) {
            return tx.transactional(db.sql("insert into probe_state (person_id) values (:p)").bind("p", body.name())
                    .fetch().rowsUpdated()
                    .then(outbox.append(person(body.name()), body.name())))
                    // Logged after a database round trip: the log line must still carry the request's trace.
                    .doOnNext(e -> LoggerFactory.getLogger(ProbeController.class).info("probe thing {} created", e.eventId()))
                    .map(e -> Map.of("eventId", e.eventId().toString()));
        }

        /** Shapes only: an id in the path, paging and a date in the query. */
        @GetMapping("/probe/things/{id}")
        Mono<Map<String, Object>> one(@PathVariable @OpaqueId String id,
                @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
                @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size,
                @RequestParam(required = false) @PlausibleDate LocalDate on) {
            return Mono.just(Map.of("id", id, "page", page, "size", size));
        }

        /** A statement that runs for {@code seconds}: longer than the database's statement_timeout, it is cancelled. */
        @GetMapping("/probe/slow")
        Mono<Map<String, Object>> slow(@RequestParam double seconds) {
            return db.sql("select pg_sleep(:s)").bind("s", seconds).fetch().rowsUpdated()
                    .thenReturn(Map.of("slept", seconds));
        }

        /** Locks the probe row named {@code name}: waits for another transaction holding it, up to lock_timeout. */
        @PostMapping("/probe/locked/{name}")
        Mono<Map<String, Object>> locked(@PathVariable @OpaqueId String name) {
            return tx.transactional(db.sql("select id from probe_state where person_id = :p for update")
                    .bind("p", name).fetch().all().count()).map(rows -> Map.of("locked", rows));
        }

        @GetMapping("/probe/whoami")
        Mono<Map<String, Object>> whoami() {
            return cn.mutualaid.platform.security.Caller.current()
                    .map(c -> Map.<String, Object>of("subject", c.subject(), "roles", c.roles().toString()));
        }
    }
}
