package cn.mutualaid.settlement.prepaid;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.kernel.Uuids;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotentRequest;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.SettlementProperties;
import cn.mutualaid.settlement.prepaid.domain.Fund;
import cn.mutualaid.settlement.prepaid.domain.TopUp;
import cn.mutualaid.settlement.prepaid.store.TopUpStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prepaid-fund top-ups by the clearing centre, once per (province, reference). Up to the four-eyes threshold the fund
 * moves at once; above it the top-up waits, with nothing moved, until another CLEARING operator approves it. The
 * request and the approval are each audited in their transaction, which holds every fund's lock. Both run once per
 * operator and Idempotency-Key (TOP_UP, TOP_UP_APPROVE): the key makes a retry safe, the reference identifies the
 * transfer received.
 */
@Service
public class TopUpService {
    private final TopUpStore topUps;
    private final Idempotency idempotency;
    private final PrepaidFundService funds;
    private final Audit audit;
    private final Clock clock;
    private final long fourEyesFen;

    public TopUpService(TopUpStore topUps, Idempotency idempotency, PrepaidFundService funds, Audit audit, Clock clock,
            SettlementProperties properties) {
        this.topUps = topUps;
        this.idempotency = idempotency;
        this.funds = funds;
        this.audit = audit;
        this.clock = clock;
        this.fourEyesFen = properties.prepaid().fourEyesFen();
    }

    /** The outcome and the fund afterwards; {@code created} is false for a repeat, which changes nothing. */
    public record Result(TopUp topUp, Fund fund, boolean created) {
    }

    /** The request's body as the Idempotency-Key guards it. */
    record TopUpOrder(long amountFen, String reference) {
    }

    public Mono<Idempotency.Answer<Result>> request(Caller caller, String province, String idempotencyKey,
            long amountFen, String reference) {
        return idempotency.once(caller.subject(), idempotencyKey,
                IdempotentRequest.of("TOP_UP", province, new TopUpOrder(amountFen, reference)), Result.class,
                () -> request(caller, province, amountFen, reference, clock.instant()));
    }

    private Mono<Result> request(Caller caller, String province, long amountFen, String reference, Instant now) {
        return funds.openAndLock(province, now)
                .then(topUps.byReference(province, reference).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(known -> known.isPresent() ? Mono.just(known.get()) : legacy(province, reference))
                .flatMap(existing -> {
                    if (!existing.sameRequestAs(amountFen)) {
                        return Mono.<Result>error(Rejection.conflict("REFERENCE_REUSED",
                                "reference " + reference + " was already used for another movement"));
                    }
                    return withFund(existing, false);
                })
                .switchIfEmpty(Mono.defer(() -> create(caller, province, amountFen, reference, now)));
    }

    /**
     * Another CLEARING operator completes a pending top-up: the fund moves now. The requester gets 403
     * FOUR_EYES_SAME_OPERATOR; approving a completed top-up changes nothing.
     */
    public Mono<Idempotency.Answer<Result>> approve(Caller caller, String topUpId, String idempotencyKey) {
        Optional<UUID> id = Uuids.parse(topUpId);
        if (id.isEmpty()) {
            return Mono.error(Rejection.notFound("top-up"));
        }
        return idempotency.once(caller.subject(), idempotencyKey, IdempotentRequest.on("TOP_UP_APPROVE", topUpId),
                Result.class, () -> approve(caller, id.get(), clock.instant()));
    }

    private Mono<Result> approve(Caller caller, UUID id, Instant now) {
        return topUps.province(id)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("top-up")))
                .flatMap(province -> funds.openAndLock(province, now))
                .then(topUps.lock(id))
                .flatMap(topUp -> {
                    if (TopUp.COMPLETED.equals(topUp.status())) {
                        return withFund(topUp, false);
                    }
                    if (topUp.requestedBy(caller.subject())) {
                        return Mono.error(Rejection.forbidden("FOUR_EYES_SAME_OPERATOR",
                                "a top-up above the four-eyes threshold needs another operator's approval"));
                    }
                    return complete(caller, topUp, now, "top-up.approve");
                });
    }

    /** Top-ups in one status (what waits for a second operator), newest first. */
    public Flux<TopUp> list(String status, int page, int size) {
        return topUps.inStatus(status, page, size);
    }

    private Mono<Result> create(Caller caller, String province, long amountFen, String reference, Instant now) {
        boolean needsApproval = amountFen > fourEyesFen;
        TopUp pending = new TopUp(TimeOrderedUuid.next().toString(), province, reference, amountFen, TopUp.PENDING,
                caller.subject(), null, null);
        Mono<TopUp> requested = topUps.insertPending(pending, now)
                .then(audit.record(caller, "top-up.request", "top-up", pending.topUpId(), province,
                        changes(pending, needsApproval ? TopUp.PENDING : TopUp.COMPLETED)))
                .thenReturn(pending);
        return needsApproval ? requested.flatMap(topUp -> withFund(topUp, true))
                : requested.flatMap(topUp -> complete(null, topUp, now, null));
    }

    /** Writes the journal entry and moves the fund; audited when it is an approval. */
    private Mono<Result> complete(Caller approver, TopUp topUp, Instant now, String action) {
        String approvedBy = approver == null ? null : approver.subject();
        return funds.applyTopUp(topUp.province(), topUp.amountFen(), topUp.reference(), now)
                .flatMap(entry -> topUps.complete(UUID.fromString(topUp.topUpId()), entry.id(), approvedBy,
                                approver == null ? null : now)
                        .then(action == null ? Mono.empty() : audit.record(approver, action, "top-up", topUp.topUpId(),
                                topUp.province(), changes(topUp, TopUp.COMPLETED)))
                        .then(withFund(topUp.completed(approvedBy, entry), true)));
    }

    /** A top-up recorded before requests were kept: only its journal entry exists. */
    private Mono<TopUp> legacy(String province, String reference) {
        return funds.entry(province, reference).map(entry -> new TopUp(null, province, reference, entry.amountFen(),
                TopUp.COMPLETED, null, null, entry));
    }

    private Mono<Result> withFund(TopUp topUp, boolean created) {
        return funds.fund(topUp.province()).map(fund -> new Result(topUp, fund, created));
    }

    private static Map<String, Object> changes(TopUp topUp, String status) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("province", topUp.province());
        changes.put("amountFen", topUp.amountFen());
        changes.put("reference", topUp.reference());
        changes.put("status", status);
        return changes;
    }
}
