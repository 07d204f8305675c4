package cn.mutualaid.registry.person;

import static cn.mutualaid.registry.Rows.instant;
import static cn.mutualaid.registry.Rows.utc;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
public class PersonRepository {
    private static final String COLUMNS = "person_id, id_number, name, gender, birth_date, registered_at";
    private final DatabaseClient db;

    public PersonRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts unless the ID number is already registered; emits true when inserted. */
    public Mono<Boolean> insertIfAbsent(Person p, String registeredBy) {
        return db.sql("""
                insert into person (person_id, id_number, name, gender, birth_date, registered_at, registered_by)
                values (:id, :number, :name, :gender, :birth, :at, :by)
                on conflict (id_number) do nothing""")
                .bind("id", p.personId()).bind("number", p.idNumber()).bind("name", p.name())
                .bind("gender", p.gender()).bind("birth", p.birthDate()).bind("at", utc(p.registeredAt()))
                .bind("by", registeredBy)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    public Mono<Person> find(String personId) {
        return db.sql("select " + COLUMNS + " from person where person_id = :id")
                .bind("id", personId).map(PersonRepository::person).one();
    }

    public Mono<Person> findByIdNumber(String idNumber) {
        return db.sql("select " + COLUMNS + " from person where id_number = :number")
                .bind("number", idNumber).map(PersonRepository::person).one();
    }

    static Person person(Readable row) {
        return new Person(row.get("person_id", String.class), row.get("id_number", String.class),
                row.get("name", String.class), row.get("gender", String.class),
                row.get("birth_date", LocalDate.class), instant(row, "registered_at"));
    }
}
