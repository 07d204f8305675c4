package cn.mutualaid.registry.support;

import cn.mutualaid.registry.person.store.IdNumberVault;
import cn.mutualaid.registry.person.store.V4__Encrypt_id_numbers;
import cn.mutualaid.registry.person.store.V5__Id_kinds;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.testing.TestPostgres;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Integration tests of the registry: the whole service on real PostgreSQL and Kafka, driven over HTTP. */
@MeshTest
public abstract class RegistryTestBase {
    protected static final String SUZHOU = "320500";
    protected static final String NANJING = "320100";
    protected static final String JIANGSU = "320000";
    protected static final String CHENGDU = "510100";
    protected static final String ZHENGZHOU = "410100";

    @Autowired protected WebTestClient web;
    @Autowired protected DatabaseClient db;
    @Autowired protected IdNumberVault vault;
    @Autowired private V4__Encrypt_id_numbers encryptMigration;
    @Autowired private V5__Id_kinds kindsMigration;

    @BeforeAll
    static void consumeRegistryEvents() {
        RegistryEvents.start();
    }

    protected WebTestClient.RequestHeadersSpec<?> post(String token, String uri, Object body) {
        return web.post().uri(uri).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }

    protected WebTestClient.RequestHeadersSpec<?> get(String token, String uri) {
        return web.get().uri(uri).headers(h -> h.setBearerAuth(token));
    }

    /** Registers a new person (any agency may) and returns the personId. */
    protected String registerPerson() {
        return registerPerson(Ids.random(), "测试人");
    }

    protected String registerPerson(String idNumber, String name) {
        Map<?, ?> body = post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", idNumber, "name", name))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) body.get("personId");
    }

    /** A registered person with an ACTIVE enrollment in {@code area}, made by that area's agency. */
    protected String enrolledPerson(String scheme, String area) {
        String personId = registerPerson();
        post(TestJwt.agency(area), "/api/v1/persons/" + personId + "/enrollment",
                Map.of("scheme", scheme, "poolingArea", area))
                .exchange().expectStatus().isCreated();
        return personId;
    }

    protected long count(String sql) {
        return db.sql(sql).map(row -> row.get(0, Long.class)).one().block();
    }

    protected long count(String sql, String param) {
        return db.sql(sql).bind("p", param).map(row -> row.get(0, Long.class)).one().block();
    }

    /** Persons stored with this ID number (found by its keyed hash: the number itself is never stored in clear). */
    protected long personsWithNumber(String idNumber) {
        return db.sql("select count(*) from person where id_hash = :h").bind("h", vault.hash(idNumber))
                .map(row -> row.get(0, Long.class)).one().block();
    }

    /** Events of the given type for this aggregate written to the outbox (each is published once by the relay). */
    protected long outboxed(String aggregateId, String type) {
        return db.sql("select count(*) from outbox where aggregate_id = :a and type = :t")
                .bind("a", aggregateId).bind("t", type).map(row -> row.get(0, Long.class)).one().block();
    }

    /** Flyway over a database of its own, with the service's migrations up to {@code target} ("latest" for all). */
    protected Flyway flyway(TestPostgres.Server pg, String database, String target) {
        return Flyway.configure()
                .dataSource(pg.jdbcUrl(database), pg.user(), pg.password())
                .locations("classpath:db/migration", "classpath:db/platform")
                .javaMigrations(encryptMigration, kindsMigration)
                .outOfOrder(true)
                .target(target)
                .load();
    }
}
