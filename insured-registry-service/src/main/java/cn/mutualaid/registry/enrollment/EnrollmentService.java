package cn.mutualaid.registry.enrollment;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.registry.enrollment.domain.Enrollment;
import cn.mutualaid.registry.enrollment.store.EnrollmentStore;
import cn.mutualaid.registry.region.Regions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Enrollment, the move of a transfer, and termination. Each runs in one transaction with its event in the outbox; the person's
 * current enrollment is locked first, so concurrent changes of one person happen one after the other.
 */
@Service
public record EnrollmentService(KnownPersons persons, EnrollmentStore enrollments, Regions regions, Outbox outbox,
        Audit audit, TransactionalOperator tx, Clock clock) {
    public Mono<Enrollment> enroll(String personId, Scheme scheme, String poolingArea, Caller caller) {
        Mono<Enrollment> work = existingPerson(personId)
                .then(regions.poolingArea(poolingArea))
                .flatMap(area -> current(personId, true).flatMap(current -> {
                    if (!PersonAccess.canRead(caller, personId, current.map(Enrollment::poolingArea).orElse(null))) {
                        return notFound();
                    }
                    if (current.isPresent()) {
                        return Mono.error(Rejection.conflict("ALREADY_ENROLLED",
                                "the person already has an ACTIVE enrollment; transfer or terminate it first"));
                    }
                    if (!caller.administers(area.code())) {
                        return Mono.error(Rejection.forbidden());
                    }
                    Enrollment opened = Enrollment.open(UUID.randomUUID().toString(), personId, scheme, area.code(),
                            area.province(), now(), null);
                    return enrollments.insert(opened)
                            .then(outbox.append(new InsuranceEnrolled(personId, scheme, area.code(), area.province(),
                                    opened.since()), personId))
                            .then(audit.record(caller, "enrollment.enroll", "person", personId, area.code(),
                                    Map.of("enrollmentId", opened.enrollmentId(), "scheme", scheme.name(),
                                            "poolingArea", area.code())))
                            .thenReturn(opened);
                }))
                // Two enrollments racing past the lock-free "none yet" check meet the partial unique index.
                .onErrorMap(DataIntegrityViolationException.class, e -> Rejection.conflict("ALREADY_ENROLLED",
                        "the person already has an ACTIVE enrollment"));
        return tx.transactional(work);
    }

    /**
     * Moves the person's insurance to another pooling area: closes {@code current} (locked by the caller's
     * transaction), opens the new enrollment and publishes InsuranceTransferred under {@code transferId}, after which
     * relationships end and the account moves. Whether the move is allowed is the transfer feature's decision. Emits
     * the new enrollment.
     */
    public Mono<Enrollment> move(Enrollment current, String transferId, Scheme toScheme, String toPoolingArea,
            String toProvince, Instant at) {
        Enrollment closed = current.transferredOut(transferId, at);
        Enrollment opened = Enrollment.open(UUID.randomUUID().toString(), current.personId(), toScheme, toPoolingArea,
                toProvince, at, transferId);
        InsuranceTransferred event = new InsuranceTransferred(transferId, current.personId(), current.scheme(),
                toScheme, current.poolingArea(), current.province(), toPoolingArea, toProvince, at);
        return enrollments.close(closed).then(enrollments.insert(opened))
                .then(outbox.append(event, current.personId()))
                .thenReturn(opened);
    }

    /** By an agency administering the current pooling area. */
    public Mono<Enrollment> terminate(String personId, String reason, Caller caller) {
        Mono<Enrollment> work = lockCurrent(personId, caller, current -> caller.administers(current.poolingArea()))
                .flatMap(current -> {
                    Enrollment closed = current.terminated(reason, now());
                    return enrollments.close(closed)
                            .then(outbox.append(new InsuranceTerminated(personId, current.scheme(),
                                    current.poolingArea(), current.province(), reason, closed.until()), personId))
                            .then(audit.record(caller, "enrollment.terminate", "person", personId,
                                    current.poolingArea(), Map.of("enrollmentId", current.enrollmentId(),
                                            "status", closed.status().name(), "reason", reason)))
                            .thenReturn(closed);
                });
        return tx.transactional(work);
    }

    /** The person's enrollments, newest first, for whoever may see the person. */
    public Flux<Enrollment> history(String personId, int page, int size, Caller caller) {
        return mayRead(personId, caller).thenMany(enrollments.history(personId, page, size));
    }

    /** Completes when the caller may see the person (PersonAccess); 404 when there is no such person or they may not. */
    public Mono<Void> mayRead(String personId, Caller caller) {
        return existingPerson(personId)
                .then(current(personId, false))
                .flatMap(current -> PersonAccess.canRead(caller, personId,
                        current.map(Enrollment::poolingArea).orElse(null)) ? Mono.<Void>empty() : notFound());
    }

    /**
     * The person's ACTIVE enrollment, locked until the transaction ends, when {@code allowed} says the caller may
     * change it; 404 when there is no such person or the caller may not see them, 422 NOT_ENROLLED when they have no
     * ACTIVE enrollment. Call inside a transaction.
     */
    public Mono<Enrollment> lockCurrent(String personId, Caller caller, Predicate<Enrollment> allowed) {
        return existingPerson(personId).then(locked(personId, caller, allowed));
    }

    private Mono<Enrollment> locked(String personId, Caller caller, Predicate<Enrollment> allowed) {
        return current(personId, true).flatMap(current -> {
            if (current.isEmpty()) {
                return PersonAccess.canRead(caller, personId, null)
                        ? Mono.error(Rejection.refused("NOT_ENROLLED", "the person has no ACTIVE enrollment"))
                        : notFound();
            }
            return allowed.test(current.get()) ? Mono.just(current.get()) : notFound();
        });
    }

    /** The person's ACTIVE enrollment, if any (the person is not checked to exist). */
    public Mono<Optional<Enrollment>> current(String personId) {
        return current(personId, false);
    }

    /** The pooling area of the person's ACTIVE enrollment (empty Optional when none); 404 when no such person. */
    public Mono<Optional<String>> currentArea(String personId) {
        return existingPerson(personId).then(current(personId)).map(current -> current.map(Enrollment::poolingArea));
    }

    private Mono<Optional<Enrollment>> current(String personId, boolean lock) {
        return (lock ? enrollments.lockActive(personId) : enrollments.active(personId))
                .map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> existingPerson(String personId) {
        return persons.exists(personId).filter(Boolean::booleanValue).switchIfEmpty(notFound()).then();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> Mono<T> notFound() {
        return Mono.error(() -> Rejection.notFound("person"));
    }
}
