package cn.mutualaid.registry.enrollment;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.web.ApiException;
import cn.mutualaid.registry.person.PersonAccess;
import cn.mutualaid.registry.person.PersonRepository;
import cn.mutualaid.registry.region.Region;
import cn.mutualaid.registry.region.RegionRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Enrollment, transfer and termination. Each runs in one transaction with its event in the outbox; the person's
 * current enrollment is locked first, so concurrent changes of one person happen one after the other.
 */
@Service
public class EnrollmentService {
    private final PersonRepository persons;
    private final EnrollmentRepository enrollments;
    private final RegionRepository regions;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    public EnrollmentService(PersonRepository persons, EnrollmentRepository enrollments, RegionRepository regions,
            Outbox outbox, TransactionalOperator tx, Clock clock) {
        this.persons = persons;
        this.enrollments = enrollments;
        this.regions = regions;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** A transfer's outcome: the new ACTIVE enrollment and the enrollment it closed. */
    public record Transfer(String transferId, Enrollment enrollment, Enrollment previous) {
    }

    public Mono<Enrollment> enroll(String personId, Scheme scheme, String poolingArea, Caller caller) {
        Mono<Enrollment> work = existingPerson(personId)
                .then(poolingArea(poolingArea))
                .flatMap(area -> current(personId, true).flatMap(current -> {
                    if (!PersonAccess.canRead(caller, personId, current.map(Enrollment::poolingArea).orElse(null))) {
                        return notFound();
                    }
                    if (current.isPresent()) {
                        return Mono.error(ApiException.conflict("ALREADY_ENROLLED",
                                "the person already has an ACTIVE enrollment; transfer or terminate it first"));
                    }
                    if (!caller.administers(area.code())) {
                        return Mono.error(ApiException.forbidden());
                    }
                    Enrollment opened = Enrollment.open(UUID.randomUUID().toString(), personId, scheme, area.code(),
                            area.province(), now(), null);
                    return enrollments.insert(opened)
                            .then(outbox.append(new InsuranceEnrolled(personId, scheme, area.code(), area.province(),
                                    opened.since()), personId))
                            .thenReturn(opened);
                }))
                // Two enrollments racing past the lock-free "none yet" check meet the partial unique index.
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiException.conflict("ALREADY_ENROLLED",
                        "the person already has an ACTIVE enrollment"));
        return tx.transactional(work);
    }

    /** By an agency administering the current or the target pooling area; the scheme may change on the way. */
    public Mono<Transfer> transfer(String personId, String toPoolingArea, Scheme toScheme, Caller caller) {
        Mono<Transfer> work = existingPerson(personId)
                .then(poolingArea(toPoolingArea))
                .flatMap(target -> locked(personId, caller, current -> caller.administers(current.poolingArea())
                        || caller.administers(target.code())).flatMap(current -> {
                    if (current.poolingArea().equals(target.code())) {
                        return Mono.error(ApiException.unprocessable("SAME_POOLING_AREA",
                                "the person is already insured in this pooling area"));
                    }
                    Instant at = now();
                    String transferId = UUID.randomUUID().toString();
                    Scheme scheme = toScheme == null ? current.scheme() : toScheme;
                    Enrollment closed = current.transferredOut(transferId, at);
                    Enrollment opened = Enrollment.open(UUID.randomUUID().toString(), personId, scheme, target.code(),
                            target.province(), at, transferId);
                    InsuranceTransferred event = new InsuranceTransferred(transferId, personId, current.scheme(), scheme,
                            current.poolingArea(), current.province(), target.code(), target.province(), at);
                    return enrollments.close(closed).then(enrollments.insert(opened))
                            .then(outbox.append(event, personId))
                            .thenReturn(new Transfer(transferId, opened, closed));
                }));
        return tx.transactional(work);
    }

    /** By an agency administering the current pooling area. */
    public Mono<Enrollment> terminate(String personId, String reason, Caller caller) {
        Mono<Enrollment> work = existingPerson(personId)
                .then(locked(personId, caller, current -> caller.administers(current.poolingArea())))
                .flatMap(current -> {
                    Enrollment closed = current.terminated(reason, now());
                    return enrollments.close(closed)
                            .then(outbox.append(new InsuranceTerminated(personId, current.scheme(),
                                    current.poolingArea(), current.province(), reason, closed.until()), personId))
                            .thenReturn(closed);
                });
        return tx.transactional(work);
    }

    /** The person's enrollments, newest first, for whoever may see the person. */
    public Flux<Enrollment> history(String personId, int page, int size, Caller caller) {
        return existingPerson(personId)
                .then(current(personId, false))
                .flatMapMany(current -> PersonAccess.canRead(caller, personId,
                        current.map(Enrollment::poolingArea).orElse(null))
                        ? enrollments.history(personId, page, size) : notFound());
    }

    /**
     * The locked ACTIVE enrollment when {@code allowed} says the caller may change it; 404 when the caller may not
     * see the person, 422 NOT_ENROLLED when there is no ACTIVE enrollment.
     */
    private Mono<Enrollment> locked(String personId, Caller caller, Predicate<Enrollment> allowed) {
        return current(personId, true).flatMap(current -> {
            if (current.isEmpty()) {
                return PersonAccess.canRead(caller, personId, null)
                        ? Mono.error(ApiException.unprocessable("NOT_ENROLLED", "the person has no ACTIVE enrollment"))
                        : notFound();
            }
            return allowed.test(current.get()) ? Mono.just(current.get()) : notFound();
        });
    }

    private Mono<Optional<Enrollment>> current(String personId, boolean lock) {
        return (lock ? enrollments.lockActive(personId) : enrollments.active(personId))
                .map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> existingPerson(String personId) {
        return persons.find(personId).switchIfEmpty(notFound()).then();
    }

    private Mono<Region> poolingArea(String code) {
        return regions.findPoolingArea(code).switchIfEmpty(Mono.error(() -> ApiException.unprocessable(
                "UNKNOWN_POOLING_AREA", "no prefecture-level pooling area has the code " + code)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> Mono<T> notFound() {
        return Mono.error(() -> ApiException.notFound("person"));
    }
}
