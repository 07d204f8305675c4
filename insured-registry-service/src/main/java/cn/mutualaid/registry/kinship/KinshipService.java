package cn.mutualaid.registry.kinship;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.registry.KinshipEvidenceKind;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.registry.enrollment.EnrollmentService;
import cn.mutualaid.registry.enrollment.PersonAccess;
import cn.mutualaid.registry.kinship.domain.KinshipEvidence;
import cn.mutualaid.registry.kinship.domain.KinshipLink;
import cn.mutualaid.registry.kinship.store.KinshipStore;
import cn.mutualaid.registry.person.domain.IdNumber;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
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
public record KinshipService(KinshipStore kinships, EnrollmentService enrollments, Outbox outbox, Audit audit,
        TransactionalOperator tx, Clock clock) {
    /** The link, and whether this call created it (false: the same link was already recorded, nothing published). */
    public record Recorded(KinshipLink link, boolean created) {
    }

    /**
     * By an agency administering the current pooling area of one of the two persons (anyone else: 404), on the
     * evidence it saw ({@code kind} and {@code reference}); the link names the recording operator and area.
     */
    public Mono<Recorded> record(String personId, String relativeId, Kinship kinship, KinshipEvidenceKind evidenceKind,
            String evidenceReference, Caller caller) {
        if (personId.equals(relativeId)) {
            return Mono.error(Rejection.refused("SELF_KINSHIP", "a person is not their own relative"));
        }
        if (IdNumber.looksLikeOne(evidenceReference)) {
            // A household register shows ID numbers; one typed in as the reference would be stored in clear.
            return Mono.error(Rejection.refused("EVIDENCE_REFERENCE_IS_ID_NUMBER",
                    "the evidence reference is the document's own number, not a citizen ID number"));
        }
        KinshipEvidence evidence = new KinshipEvidence(evidenceKind, evidenceReference, caller.subject(), caller.area());
        // One after the other: the statements share the transaction's connection.
        Mono<Recorded> work = enrollments.currentArea(personId)
                .flatMap(area -> enrollments.currentArea(relativeId).flatMap(other -> administered(caller, area, other)))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("person")))
                .flatMap(auditedArea -> kinships.find(personId, relativeId).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()).flatMap(existing -> {
                    if (existing.isPresent()) {
                        return existing.get().kinship() == kinship
                                ? Mono.just(new Recorded(existing.get(), false))
                                : conflict("a different kinship is already recorded for these two persons");
                    }
                    Mono<Boolean> spouseTaken = kinship == Kinship.SPOUSE
                            ? kinships.anyHasSpouse(personId, relativeId) : Mono.just(false);
                    return spouseTaken.flatMap(taken -> taken
                            ? conflict("one of the two persons already has a spouse recorded")
                            : create(KinshipLink.of(personId, relativeId, kinship, now(), evidence), auditedArea, caller));
                }))
                .onErrorMap(DataIntegrityViolationException.class, e -> Rejection.conflict("KINSHIP_CONFLICT",
                        "a kinship for these persons was recorded at the same time"));
        return tx.transactional(work);
    }

    /** The person's relatives (recorded and implied links), for whoever may see the person. */
    public Flux<KinshipLink> of(String personId, int page, int size, Caller caller) {
        return enrollments.currentArea(personId)
                .filter(area -> PersonAccess.canRead(caller, personId, area.orElse(null)))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("person")))
                .thenMany(kinships.of(personId, page, size));
    }

    private Mono<Recorded> create(KinshipLink link, String auditedArea, Caller caller) {
        KinshipEvidence evidence = link.evidence();
        return kinships.insert(link)
                .then(outbox.append(new KinshipVerified(link.personId(), link.relativeId(), link.kinship(),
                        link.verifiedAt(), evidence.kind(), evidence.recordedArea()), link.personId()))
                .then(audit.record(caller, "kinship.record", "person", link.personId(), auditedArea,
                        Map.of("relativeId", link.relativeId(), "kinship", link.kinship().name(),
                                "evidenceKind", evidence.kind().name(), "evidenceReference", evidence.reference())))
                .thenReturn(new Recorded(link, true));
    }

    /**
     * Agency rule: it administers the current pooling area of at least one of the two persons; emits that area (the
     * person's own first), or nothing when it administers neither.
     */
    private static Mono<String> administered(Caller caller, Optional<String> areaA, Optional<String> areaB) {
        return Mono.justOrEmpty(areaA.filter(caller::administers).or(() -> areaB.filter(caller::administers)));
    }

    private static <T> Mono<T> conflict(String detail) {
        return Mono.error(Rejection.conflict("KINSHIP_CONFLICT", detail));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
