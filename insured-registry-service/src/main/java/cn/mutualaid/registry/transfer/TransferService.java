package cn.mutualaid.registry.transfer;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.registry.TransferExpired;
import cn.mutualaid.contracts.registry.TransferRefused;
import cn.mutualaid.contracts.registry.TransferRequested;
import cn.mutualaid.contracts.registry.TransferWithdrawn;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.registry.enrollment.EnrollmentService;
import cn.mutualaid.registry.enrollment.domain.Enrollment;
import cn.mutualaid.registry.region.Regions;
import cn.mutualaid.registry.region.domain.Region;
import cn.mutualaid.registry.transfer.domain.Transfer;
import cn.mutualaid.registry.transfer.domain.TransferAction;
import cn.mutualaid.registry.transfer.domain.TransferRules;
import cn.mutualaid.registry.transfer.domain.TransferRules.Filing;
import cn.mutualaid.registry.transfer.domain.TransferStatus;
import cn.mutualaid.registry.transfer.store.TransferStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Transfers (医保关系转移接续), two-sided. Filed by the current area, the enrollment moves at once; filed by the
 * target area, it is a request that the current area's agency or the person confirms (then the enrollment moves and
 * InsuranceTransferred is published) or refuses, that the filing side may withdraw, and that expires unanswered.
 * Every step is one transaction with its event and its audit entry.
 */
@Service
public record TransferService(EnrollmentService enrollments, Regions regions, TransferStore transfers, Outbox outbox,
        Audit audit, TransactionalOperator tx, TransferProperties properties, Clock clock) {
    /** A transfer and, when this call moved the person, their new enrollment. */
    public record Outcome(Transfer transfer, Enrollment enrollment) {
    }

    /** By an agency administering the current area (moves at once) or the target area (a request). */
    public Mono<Outcome> file(String personId, String toPoolingArea, Scheme toScheme, Caller caller) {
        Mono<Outcome> work = regions.poolingArea(toPoolingArea)
                .flatMap(target -> enrollments.lockCurrent(personId, caller,
                                current -> caller.administers(current.poolingArea()) || caller.administers(target.code()))
                        .flatMap(current -> file(current, target, toScheme, caller)))
                .onErrorMap(DataIntegrityViolationException.class, e -> Rejection.conflict("TRANSFER_ALREADY_REQUESTED",
                        "the person already has an open transfer request; it must be decided or withdrawn first"));
        return tx.transactional(work);
    }

    private Mono<Outcome> file(Enrollment current, Region target, Scheme toScheme, Caller caller) {
        Filing filing = TransferRules.filing(caller.administers(current.poolingArea()), caller.administers(target.code()));
        if (current.poolingArea().equals(target.code())) {
            return Mono.error(Rejection.refused("SAME_POOLING_AREA", "the person is already insured in this pooling area"));
        }
        Instant at = now();
        boolean atOnce = filing == Filing.COMPLETE_AT_ONCE;
        Transfer transfer = new Transfer(UUID.randomUUID().toString(), current.personId(), current.scheme(),
                current.poolingArea(), current.province(), toScheme == null ? current.scheme() : toScheme, target.code(),
                target.province(), atOnce ? TransferStatus.COMPLETED : TransferStatus.REQUESTED, caller.subject(),
                caller.area(), at, atOnce ? null : at.plus(properties.expiresAfter()),
                atOnce ? caller.subject() : null, atOnce ? at : null);
        Mono<Void> recorded = transfers.insert(transfer)
                .then(audit.record(caller, "transfer.file", "transfer", transfer.transferId(),
                        atOnce ? transfer.fromPoolingArea() : transfer.toPoolingArea(), changes(transfer)));
        if (atOnce) {
            return recorded.then(move(current, transfer));
        }
        return recorded
                .then(outbox.append(new TransferRequested(transfer.transferId(), transfer.personId(),
                        transfer.fromScheme(), transfer.toScheme(), transfer.fromPoolingArea(), transfer.fromProvince(),
                        transfer.toPoolingArea(), transfer.toProvince(), transfer.filedByArea(), transfer.expiresAt(), at),
                        transfer.personId()))
                .thenReturn(new Outcome(transfer, null));
    }

    /**
     * Confirms, refuses or withdraws an open request. Whichever decision reaches the request first wins (a
     * conditional update on its status); the other is told 409 TRANSFER_NOT_OPEN and changes nothing.
     */
    public Mono<Outcome> decide(String transferId, TransferAction action, Caller caller) {
        Mono<Outcome> work = transfers.find(transferId)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("transfer")))
                .flatMap(request -> {
                    TransferRules.mayAct(action, standing(request, caller));
                    return action == TransferAction.CONFIRM ? confirm(request, caller) : close(request, action, caller)
                            .map(closed -> new Outcome(closed, null));
                });
        return tx.transactional(work);
    }

    private Mono<Outcome> confirm(Transfer request, Caller caller) {
        if (request.status() != TransferStatus.REQUESTED) {
            // Already decided when read: say so rather than that the enrollment moved (it may have, by this transfer).
            return Mono.error(notOpen(request));
        }
        // The enrollment is locked before the request is closed, in the same order as every other change of it.
        return enrollments.lockCurrent(request.personId(), caller, current -> true)
                .onErrorMap(Rejection.class, e -> enrollmentChanged())
                .filter(current -> current.poolingArea().equals(request.fromPoolingArea()))
                .switchIfEmpty(Mono.error(TransferService::enrollmentChanged))
                .flatMap(current -> closeOrConflict(request, TransferAction.CONFIRM, caller)
                        .flatMap(closed -> move(current, closed)));
    }

    private Mono<Transfer> close(Transfer request, TransferAction action, Caller caller) {
        return closeOrConflict(request, action, caller).flatMap(closed -> outbox.append(switch (action) {
            case REFUSE -> new TransferRefused(closed.transferId(), closed.personId(), closed.fromPoolingArea(),
                    closed.toPoolingArea(), closed.decidedAt());
            case WITHDRAW -> new TransferWithdrawn(closed.transferId(), closed.personId(), closed.fromPoolingArea(),
                    closed.toPoolingArea(), closed.decidedAt());
            case CONFIRM -> throw new IllegalArgumentException("a confirmation moves the enrollment");
        }, closed.personId()).thenReturn(closed));
    }

    private Mono<Transfer> closeOrConflict(Transfer request, TransferAction action, Caller caller) {
        String auditedArea = action == TransferAction.WITHDRAW ? request.toPoolingArea() : request.fromPoolingArea();
        return transfers.close(request.transferId(), action.outcome(), caller.subject(), now())
                .switchIfEmpty(Mono.defer(() -> transfers.find(request.transferId())
                        .flatMap(decided -> Mono.error(notOpen(decided)))))
                .flatMap(closed -> audit.record(caller, "transfer." + action.name().toLowerCase(), "transfer",
                        closed.transferId(), auditedArea, changes(closed)).thenReturn(closed));
    }

    private Mono<Outcome> move(Enrollment current, Transfer transfer) {
        return enrollments.move(current, transfer.transferId(), transfer.toScheme(), transfer.toPoolingArea(),
                transfer.toProvince(), transfer.decidedAt()).map(opened -> new Outcome(transfer, opened));
    }

    /** Open requests past their time become EXPIRED, each with its event; safe to run on several instances at once. */
    public Mono<Long> expireDue(Instant now) {
        return tx.transactional(transfers.expireDue(now, properties.sweepBatch())
                .concatMap(expired -> outbox.append(new TransferExpired(expired.transferId(), expired.personId(),
                        expired.fromPoolingArea(), expired.toPoolingArea(), expired.decidedAt()), expired.personId()))
                .count());
    }

    /** The caller's area's transfers, into it ({@code incoming}) or out of it, newest first. AGENCY only. */
    public Flux<Transfer> list(boolean incoming, TransferStatus status, int page, int size, Caller caller) {
        if (caller.area() == null) {
            return Flux.error(Rejection.forbidden());
        }
        return transfers.forArea(caller.area(), incoming, status, page, size);
    }

    /**
     * A person's transfers, newest first, optionally of one status: for the person (who may confirm or refuse a
     * request about themselves) and for whoever else may see the person; 404 for anyone else.
     */
    public Flux<Transfer> ofPerson(String personId, TransferStatus status, int page, int size, Caller caller) {
        return enrollments.mayRead(personId, caller).thenMany(transfers.ofPerson(personId, status, page, size));
    }

    private static TransferRules.Standing standing(Transfer transfer, Caller caller) {
        return new TransferRules.Standing(caller.administers(transfer.fromPoolingArea()),
                caller.administers(transfer.toPoolingArea()), caller.isPerson(transfer.personId()));
    }

    private static Map<String, Object> changes(Transfer t) {
        return Map.of("personId", t.personId(), "status", t.status().name(), "fromPoolingArea", t.fromPoolingArea(),
                "toPoolingArea", t.toPoolingArea(), "toScheme", t.toScheme().name());
    }

    private static Rejection notOpen(Transfer decided) {
        return Rejection.conflict("TRANSFER_NOT_OPEN", "the transfer request is already " + decided.status());
    }

    private static Rejection enrollmentChanged() {
        return Rejection.conflict("ENROLLMENT_CHANGED",
                "the person is no longer insured in the area this request would move them from");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
