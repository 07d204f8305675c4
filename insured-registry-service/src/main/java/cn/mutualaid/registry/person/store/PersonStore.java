package cn.mutualaid.registry.person.store;

import static cn.mutualaid.platform.store.Rows.instant;
import static cn.mutualaid.platform.store.Rows.utc;

import cn.mutualaid.registry.person.domain.IdKind;
import cn.mutualaid.registry.person.domain.Person;
import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Persons. The ID number is stored sealed (id_cipher under key id_key, see {@link IdNumberVault}) and as a keyed hash
 * (id_hash, unique) for lookup: never in clear. Reads open it again, for masking.
 */
@Component
public record PersonStore(DatabaseClient db, IdNumberVault vault) {
    private static final String COLUMNS = "person_id, id_cipher, id_key, id_kind, name, gender, birth_date, registered_at";
    /** "Under another key than the current one", written as two ranges so that the index on id_key serves it. */
    private static final String OTHER_KEY = "(id_key < :current or id_key > :current)";

    /** Inserts unless the ID number is already registered; emits true when inserted. */
    public Mono<Boolean> insertIfAbsent(Person p, String registeredBy) {
        IdNumberVault.Sealed sealed = vault.seal(p.personId(), p.idNumber());
        return db.sql("""
                insert into person (person_id, id_cipher, id_key, id_hash, id_kind, name, gender, birth_date,
                                    registered_at, registered_by)
                values (:id, :cipher, :key, :hash, :kind, :name, :gender, :birth, :at, :by)
                on conflict (id_hash) do nothing""")
                .bind("id", p.personId()).bind("cipher", sealed.cipher()).bind("key", sealed.keyId())
                .bind("hash", vault.hash(p.idNumber())).bind("kind", p.idKind().name()).bind("name", p.name())
                .bind("gender", p.gender()).bind("birth", p.birthDate()).bind("at", utc(p.registeredAt()))
                .bind("by", registeredBy)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    public Mono<Person> find(String personId) {
        return db.sql("select " + COLUMNS + " from person where person_id = :id")
                .bind("id", personId).map(this::person).one();
    }

    /** Without opening the sealed number: existence is all some callers need. */
    public Mono<Boolean> exists(String personId) {
        return db.sql("select exists (select 1 from person where person_id = :id)")
                .bind("id", personId).map(row -> row.get(0, Boolean.class)).one();
    }

    public Mono<Person> findByIdNumber(String idNumber) {
        return db.sql("select " + COLUMNS + " from person where id_hash = :hash")
                .bind("hash", vault.hash(idNumber)).map(this::person).one();
    }

    /**
     * Re-seals up to {@code limit} rows still under another key than the current one; emits how many. Rows another
     * instance is re-sealing are skipped, and a row is only written if its key is still the one it was read with.
     * Call inside a transaction (the row locks last until it ends).
     */
    public Mono<Long> resealStale(int limit) {
        String current = vault.currentKeyId();
        return db.sql("select person_id, id_cipher, id_key from person where " + OTHER_KEY
                        + " limit :limit for update skip locked")
                .bind("current", current).bind("limit", limit)
                .map(row -> new Stale(row.get("person_id", String.class),
                        new IdNumberVault.Sealed(row.get("id_key", String.class), row.get("id_cipher", byte[].class))))
                .all()
                .concatMap(stale -> {
                    IdNumberVault.Sealed fresh = vault.seal(stale.personId(), vault.open(stale.personId(), stale.sealed()));
                    return db.sql("update person set id_cipher = :cipher, id_key = :key"
                                    + " where person_id = :id and id_key = :old")
                            .bind("cipher", fresh.cipher()).bind("key", fresh.keyId())
                            .bind("id", stale.personId()).bind("old", stale.sealed().keyId())
                            .fetch().rowsUpdated();
                })
                .reduce(0L, Long::sum);
    }

    /** How many rows are sealed under another key than the current one (0: old keys may be removed). */
    public Mono<Long> countStale() {
        return db.sql("select count(*) from person where " + OTHER_KEY).bind("current", vault.currentKeyId())
                .map(row -> row.get(0, Long.class)).one();
    }

    private record Stale(String personId, IdNumberVault.Sealed sealed) {
    }

    private Person person(Readable row) {
        String personId = row.get("person_id", String.class);
        String number = vault.open(personId,
                new IdNumberVault.Sealed(row.get("id_key", String.class), row.get("id_cipher", byte[].class)));
        return new Person(personId, number, IdKind.valueOf(row.get("id_kind", String.class)),
                row.get("name", String.class), row.get("gender", String.class),
                row.get("birth_date", LocalDate.class), instant(row, "registered_at"));
    }
}
