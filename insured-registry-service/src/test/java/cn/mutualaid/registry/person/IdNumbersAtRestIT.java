package cn.mutualaid.registry.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.registry.person.domain.IdNumber;
import cn.mutualaid.registry.person.store.IdNumberVault;
import cn.mutualaid.registry.support.Ids;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Citizen ID numbers at rest: sealed (AES-GCM, key id per row), looked up by keyed hash, rotated, migrated. */
class IdNumbersAtRestIT extends RegistryTestBase {
    private static final String HONG_KONG_PERMIT = "810000198001010014";

    @Autowired IdKeyRotation rotation;

    private record Column(String table, String column, String type) {
    }

    /** Every column of every table that can hold text or bytes, in the registry's database. */
    private List<Column> textAndByteColumns() {
        return db.sql("""
                select c.table_name, c.column_name, c.data_type from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                  and c.data_type in ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')""")
                .map(row -> new Column(row.get(0, String.class), row.get(1, String.class), row.get(2, String.class)))
                .all().collectList().block();
    }

    /** Rows of all those columns that contain {@code needle} (bytes: its UTF-8 form anywhere in the value). */
    private long occurrences(List<Column> columns, String needle) {
        long found = 0;
        for (Column c : columns) {
            String test = c.type().equals("bytea")
                    ? "position(convert_to(:n, 'UTF8') in \"" + c.column() + "\") > 0"
                    : "position(:n in \"" + c.column() + "\"::text) > 0";
            found += db.sql("select count(*) from \"" + c.table() + "\" where " + test).bind("n", needle)
                    .map(row -> row.get(0, Long.class)).one().block();
        }
        return found;
    }

    @Test
    void noTextOrByteColumnOfAnyTableHoldsARegisteredNumberInClear() {
        String name = "扫描" + Long.toHexString(System.nanoTime());
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            numbers.add(Ids.random());
        }
        String first = registerPerson(numbers.get(0).toLowerCase(Locale.ROOT), name);
        String second = registerPerson(numbers.get(1), name);
        String third = registerPerson(numbers.get(2), name);
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + first + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU)).exchange().expectStatus().isCreated();
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + second + "/enrollment",
                Map.of("scheme", "RESIDENT", "poolingArea", SUZHOU)).exchange().expectStatus().isCreated();
        post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", numbers.get(0), "name", name))
                .exchange().expectStatus().isEqualTo(409);
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/lookup", Map.of("idNumber", numbers.get(2)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.personId").isEqualTo(third);
        post(TestJwt.agency(SUZHOU), "/api/v1/kinships", Map.of("personId", first, "relativeId", second,
                "kinship", "SIBLING", "evidence", Map.of("kind", "HOUSEHOLD_REGISTER", "reference", "H-1")))
                .exchange().expectStatus().isCreated();
        post(TestJwt.agency(CHENGDU), "/api/v1/persons/" + first + "/enrollment/transfer",
                Map.of("toPoolingArea", CHENGDU)).exchange().expectStatus().isAccepted();

        List<Column> columns = textAndByteColumns();
        assertThat(columns).extracting(Column::table).contains("person", "audit_log", "outbox", "transfer", "kinship");
        // The scan finds what is there: the name is stored in clear, in a text column.
        assertThat(occurrences(columns, name)).isEqualTo(3);
        for (String number : numbers) {
            assertThat(occurrences(columns, number)).as("a clear ID number in some column").isZero();
            assertThat(occurrences(columns, number.substring(0, 17))).as("its first 17 digits").isZero();
        }
        // ...and the numbers are still there, sealed: the lookup and the masked form work.
        get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + second).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.idNumberMasked").isEqualTo(IdNumber.mask(numbers.get(1)));
    }

    @Test
    void rowsUnderAnOlderKeyStillOpenAndRotationResealsThemUnderTheCurrentKey() {
        String number = Ids.random();
        String personId = registerPerson(number, "轮换");
        assertThat(keyOf(personId)).isEqualTo("2026a");
        IdNumberVault.Sealed old = vault.seal("2025a", personId, number);
        db.sql("update person set id_cipher = :c, id_key = :k where person_id = :p")
                .bind("c", old.cipher()).bind("k", old.keyId()).bind("p", personId).fetch().rowsUpdated().block();

        get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.idNumberMasked").isEqualTo(IdNumber.mask(number));
        assertThat(rotation.sweep(Instant.now()).block()).isPositive();
        assertThat(keyOf(personId)).isEqualTo("2026a");
        assertThat(count("select count(*) from person where id_key <> '2026a'")).isZero();
        assertThat(rotation.sweep(Instant.now()).block()).isZero();
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/lookup", Map.of("idNumber", number)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.personId").isEqualTo(personId)
                .jsonPath("$.idNumberMasked").isEqualTo(IdNumber.mask(number));
    }

    @Test
    void aSealedNumberDoesNotOpenOnAnotherPersonsRow() {
        IdNumberVault.Sealed sealed = vault.seal("p-1", "11010519491231002X");
        assertThat(vault.open("p-1", sealed)).isEqualTo("11010519491231002X");
        assertThatThrownBy(() -> vault.open("p-2", sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("11010519491231002X");
        assertThat(new String(sealed.cipher(), StandardCharsets.ISO_8859_1)).doesNotContain("11010519491231002X");
        assertThat(vault.hash("11010519491231002X")).isEqualTo(vault.hash("11010519491231002X")).hasSize(32);
    }

    @Test
    void theFlywayMigrationSealsRowsThatWereStoredInClear() throws Exception {
        String database = TestPostgres.database("registry_migration");
        TestPostgres.Server pg = TestPostgres.server();
        Flyway before = flyway(pg, database, "3");
        before.migrate();
        String number = Ids.random();
        try (Connection c = TestPostgres.connect(database); var insert = c.prepareStatement("""
                insert into person (person_id, id_number, name, gender, birth_date, registered_at, registered_by)
                values ('old-' || (select count(*) + 1 from person), ?, '旧人', 'F', date '1950-01-01', now(), 'agency-320500')""")) {
            insert.setString(1, number);
            insert.executeUpdate();
            // accepted before kinds were recorded: a Hong Kong residence permit, stored like a resident card
            insert.setString(1, HONG_KONG_PERMIT);
            insert.executeUpdate();
        }
        flyway(pg, database, "latest").migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement();
                ResultSet columns = st.executeQuery("select count(*) from information_schema.columns"
                        + " where table_schema = current_schema() and table_name = 'person' and column_name = 'id_number'")) {
            columns.next();
            assertThat(columns.getLong(1)).isZero();
        }
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement();
                ResultSet row = st.executeQuery("select id_cipher, id_key, id_hash from person where person_id = 'old-1'")) {
            assertThat(row.next()).isTrue();
            IdNumberVault.Sealed sealed = new IdNumberVault.Sealed(row.getString(2), row.getBytes(1));
            assertThat(sealed.keyId()).isEqualTo("2026a");
            assertThat(vault.open("old-1", sealed)).isEqualTo(number);
            assertThat(row.getBytes(3)).isEqualTo(vault.hash(number));
        }
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement();
                ResultSet rows = st.executeQuery("select person_id, id_kind from person order by person_id")) {
            List<String> kinds = new ArrayList<>();
            while (rows.next()) {
                kinds.add(rows.getString(1) + "=" + rows.getString(2));
            }
            assertThat(kinds).containsExactly("old-1=RESIDENT_ID_CARD", "old-2=HK_MACAO_RESIDENCE_PERMIT");
        }
    }

    /**
     * Databases migrated before the Java migrations moved to person.store record their old class names as the script.
     * Flyway validates a Java migration by version, description, type and checksum (none), so those still validate.
     */
    @Test
    void historyWrittenUnderTheEarlierPackageOfTheJavaMigrationsStillValidates() throws Exception {
        String database = TestPostgres.database("registry_moved_migrations");
        TestPostgres.Server pg = TestPostgres.server();
        flyway(pg, database, "latest").migrate();
        try (Connection c = TestPostgres.connect(database); var st = c.createStatement()) {
            int moved = st.executeUpdate("update flyway_schema_history"
                    + " set script = replace(script, '.person.store.', '.person.')"
                    + " where script like 'cn.mutualaid.registry.person.store.V%'");
            assertThat(moved).isEqualTo(2);
        }
        assertThat(flyway(pg, database, "latest").validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway(pg, database, "latest").migrate().migrationsExecuted).isZero();
    }


    private String keyOf(String personId) {
        return db.sql("select id_key from person where person_id = :p").bind("p", personId)
                .map(row -> row.get(0, String.class)).one().block();
    }
}
