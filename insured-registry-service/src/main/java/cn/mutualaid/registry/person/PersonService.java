package cn.mutualaid.registry.person;

import cn.mutualaid.contracts.registry.PersonRegistered;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.registry.enrollment.EnrollmentService;
import cn.mutualaid.registry.enrollment.PersonAccess;
import cn.mutualaid.registry.enrollment.domain.Enrollment;
import cn.mutualaid.registry.person.domain.IdNumber;
import cn.mutualaid.registry.person.domain.Person;
import cn.mutualaid.registry.person.store.PersonStore;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Registration by ID number, and reading a person with their current enrollment by whoever may see them. */
@Service
public record PersonService(PersonStore persons, EnrollmentService enrollments, Outbox outbox, Audit audit,
        TransactionalOperator tx, Clock clock) {
    /** Birth dates in ID numbers are Chinese calendar days. */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** A person and their current enrollment (null when none). */
    public record Seen(Person person, Enrollment enrollment) {
    }

    /** Validates a raw ID number as of today; 422 INVALID_ID_NUMBER (without the number) when it is not valid. */
    public IdNumber idNumber(String raw) {
        try {
            return IdNumber.parse(raw, LocalDate.now(clock.withZone(CHINA)));
        } catch (IdNumber.Invalid e) {
            throw Rejection.refused("INVALID_ID_NUMBER", e.getMessage());
        }
    }

    public Mono<Seen> register(String rawIdNumber, String rawName, Caller caller) {
        IdNumber number = idNumber(rawIdNumber);
        String name = Normalizer.normalize(rawName.strip(), Normalizer.Form.NFC);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Person person = new Person(UUID.randomUUID().toString(), number.value(), number.kind(), name, number.gender(),
                number.birthDate(), now);
        Mono<Seen> work = persons.insertIfAbsent(person, caller.subject()).flatMap(inserted -> inserted
                ? outbox.append(new PersonRegistered(person.personId(), person.gender(), person.birthDate(), now),
                        person.personId())
                        .then(audit.record(caller, "person.register", "person", person.personId(), caller.area(),
                                Map.of("idNumberMasked", number.masked(), "idKind", number.kind().name(),
                                        "gender", person.gender(),
                                        "birthDate", person.birthDate().toString())))
                        .thenReturn(new Seen(person, null))
                : persons.findByIdNumber(number.value()).flatMap(existing -> exists(existing, caller)));
        return tx.transactional(work);
    }

    /**
     * 409 PERSON_EXISTS. The existing personId is told only to a caller who may see that person: anyone else would
     * learn, from an ID number alone, who is insured where.
     */
    private Mono<Seen> exists(Person existing, Caller caller) {
        String detail = "a person with this ID number is already registered";
        return visible(existing, caller).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(seen -> Mono.error(seen.isPresent()
                        ? new Rejection(Rejection.Kind.CONFLICT, "PERSON_EXISTS", detail,
                                Map.of("personId", existing.personId()))
                        : Rejection.conflict("PERSON_EXISTS", detail)));
    }

    public Mono<Seen> get(String personId, Caller caller) {
        return persons.find(personId).flatMap(p -> visible(p, caller))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("person")));
    }

    public Mono<Seen> lookup(String rawIdNumber, Caller caller) {
        IdNumber number = idNumber(rawIdNumber);
        return persons.findByIdNumber(number.value()).flatMap(p -> visible(p, caller))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("person")));
    }

    /** The person with their current enrollment, or empty when the caller may not see them. */
    private Mono<Seen> visible(Person person, Caller caller) {
        return enrollments.current(person.personId())
                .filter(current -> PersonAccess.canRead(caller, person.personId(),
                        current.map(Enrollment::poolingArea).orElse(null)))
                .map(current -> new Seen(person, current.orElse(null)));
    }
}
