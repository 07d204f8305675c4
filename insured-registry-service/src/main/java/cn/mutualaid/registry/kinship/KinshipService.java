package cn.mutualaid.registry.kinship;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.registry.enrollment.Enrollment;
import cn.mutualaid.registry.enrollment.EnrollmentRepository;
import cn.mutualaid.registry.person.PersonAccess;
import cn.mutualaid.registry.person.PersonRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records kinship verified by an agency (in reality from household and civil records). A pair of persons has one
 * kinship; contradictions (someone both your parent and your child, a second spouse) are refused.
 */
@Service
public class KinshipService {
    private final KinshipRepository kinships;
    private final PersonRepository persons;
    private final EnrollmentRepository enrollments;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    public KinshipService(KinshipRepository kinships, PersonRepository persons, EnrollmentRepository enrollments,
            Outbox outbox, TransactionalOperator tx, Clock clock) {
        this.kinships = kinships;
        this.persons = persons;
        this.enrollments = enrollments;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** The link, and whether this call created it (false: the same link was already recorded, nothing published). */
    public record Recorded(KinshipLink link, boolean created) {
    }

    public Mono<Recorded> record(String personId, String relativeId, Kinship kinship, Caller caller) {
        if (personId.equals(relativeId)) {
            return Mono.error(ApiException.unprocessable("SELF_KINSHIP", "a person is not their own relative"));
        }
        // One after the other: the statements share the transaction's connection.
        Mono<Recorded> work = currentArea(personId)
                .flatMap(area -> currentArea(relativeId).filter(other -> administersEither(caller, area, other)))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("person")))
                .then(kinships.find(personId, relativeId).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(existing -> {
                    if (existing.isPresent()) {
                        return existing.get().kinship() == kinship
                                ? Mono.just(new Recorded(existing.get(), false))
                                : conflict("a different kinship is already recorded for these two persons");
                    }
                    Mono<Boolean> spouseTaken = kinship == Kinship.SPOUSE
                            ? kinships.anyHasSpouse(personId, relativeId) : Mono.just(false);
                    return spouseTaken.flatMap(taken -> taken
                            ? conflict("one of the two persons already has a spouse recorded")
                            : create(KinshipLink.of(personId, relativeId, kinship, now()), caller.subject()));
                })
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiException.conflict("KINSHIP_CONFLICT",
                        "a kinship for these persons was recorded at the same time"));
        return tx.transactional(work);
    }

    /** The person's relatives (recorded and implied links), for whoever may see the person. */
    public Flux<KinshipLink> of(String personId, int page, int size, Caller caller) {
        return currentArea(personId)
                .filter(area -> PersonAccess.canRead(caller, personId, area.orElse(null)))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("person")))
                .thenMany(kinships.of(personId, page, size));
    }

    private Mono<Recorded> create(KinshipLink link, String by) {
        return kinships.insert(link, by)
                .then(outbox.append(new KinshipVerified(link.personId(), link.relativeId(), link.kinship(),
                        link.verifiedAt()), link.personId()))
                .thenReturn(new Recorded(link, true));
    }

    /** Agency rule: it administers the current pooling area of at least one of the two persons. */
    private static boolean administersEither(Caller caller, Optional<String> areaA, Optional<String> areaB) {
        return areaA.map(caller::administers).orElse(false) || areaB.map(caller::administers).orElse(false);
    }

    /** The pooling area of the person's ACTIVE enrollment (empty Optional when none); 404 when no such person. */
    private Mono<Optional<String>> currentArea(String personId) {
        return persons.find(personId).switchIfEmpty(Mono.error(() -> ApiException.notFound("person")))
                .then(enrollments.active(personId).map(Enrollment::poolingArea).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()));
    }

    private static <T> Mono<T> conflict(String detail) {
        return Mono.error(ApiException.conflict("KINSHIP_CONFLICT", detail));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
