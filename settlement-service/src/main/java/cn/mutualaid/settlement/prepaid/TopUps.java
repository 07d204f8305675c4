package cn.mutualaid.settlement.prepaid;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.Rows;
import cn.mutualaid.settlement.SettlementProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prepaid-fund top-ups by the clearing centre, once per (province, reference). Up to the four-eyes threshold the fund
 * moves at once; above it the top-up waits, with nothing moved, until another CLEARING operator approves it. The
 * request and the approval are each audited in their transaction, which holds every fund's lock.
 */
@Component
public class TopUps {
    public static final String PENDING = "PENDING_APPROVAL";
    public static final String COMPLETED = "COMPLETED";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PrepaidFunds funds;
    private final Audit audit;
    private final Clock clock;
    private final long fourEyesFen;

    public TopUps(DatabaseClient db, TransactionalOperator tx, PrepaidFunds funds, Audit audit, Clock clock,
            SettlementProperties properties) {
        this.db = db;
        this.tx = tx;
        this.funds = funds;
        this.audit = audit;
        this.clock = clock;
        this.fourEyesFen = properties.prepaid().fourEyesFen();
    }

    /** A top-up as requested; {@code entry} is its journal entry once COMPLETED. */
    public record TopUp(String topUpId, String province, String reference, long amountFen, String status,
            String requestedBy, String approvedBy, PrepaidFunds.Entry entry) {
    }

    /** The outcome and the fund afterwards; {@code created} is false for a repeat, which changes nothing. */
    public record Result(TopUp topUp, PrepaidFunds.Fund fund, boolean created) {
    }

    public Mono<Result> request(Caller caller, String province, long amountFen, String reference) {
        Instant now = clock.instant();
        return tx.transactional(funds.openAndLock(province, now)
                .then(find("r.province = :p and r.reference = :r", Map.of("p", province, "r", reference))
                        .map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(known -> known.isPresent() ? Mono.just(known.get()) : legacy(province, reference))
                .flatMap(existing -> {
                    if (existing.amountFen() != amountFen || existing.entry() != null
                            && !"TOP_UP".equals(existing.entry().kind())) {
                        return Mono.<Result>error(Rejection.conflict("REFERENCE_REUSED",
                                "reference " + reference + " was already used for another movement"));
                    }
                    return withFund(existing, false);
                })
                .switchIfEmpty(Mono.defer(() -> create(caller, province, amountFen, reference, now))));
    }

    /**
     * Another CLEARING operator completes a pending top-up: the fund moves now. The requester gets 403
     * FOUR_EYES_SAME_OPERATOR; approving a completed top-up changes nothing.
     */
    public Mono<Result> approve(Caller caller, String topUpId) {
        Optional<UUID> id = parse(topUpId);
        if (id.isEmpty()) {
            return Mono.error(Rejection.notFound("top-up"));
        }
        Instant now = clock.instant();
        return tx.transactional(db.sql("select province from top_up_request where top_up_id = :id")
                .bind("id", id.get()).map(row -> Rows.text(row, "province")).one()
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("top-up")))
                .flatMap(province -> funds.openAndLock(province, now))
                .then(find("r.top_up_id = :id for update of r", Map.of("id", id.get())))
                .flatMap(topUp -> {
                    if (COMPLETED.equals(topUp.status())) {
                        return withFund(topUp, false);
                    }
                    if (caller.subject().equals(topUp.requestedBy())) {
                        return Mono.error(Rejection.forbidden("FOUR_EYES_SAME_OPERATOR",
                                "a top-up above the four-eyes threshold needs another operator's approval"));
                    }
                    return complete(caller, topUp, now, "top-up.approve");
                }));
    }

    /** Top-ups in one status (what waits for a second operator), newest first. */
    public Flux<TopUp> list(String status, int page, int size) {
        return findAll("r.status = :status order by r.requested_at desc, r.top_up_id limit :limit offset :offset",
                Map.of("status", status, "limit", size, "offset", (long) page * size));
    }

    private Mono<Result> create(Caller caller, String province, long amountFen, String reference, Instant now) {
        UUID id = UUID.randomUUID();
        boolean needsApproval = amountFen > fourEyesFen;
        TopUp pending = new TopUp(id.toString(), province, reference, amountFen, PENDING, caller.subject(), null, null);
        Mono<TopUp> requested = db.sql("""
                        insert into top_up_request (top_up_id, province, reference, amount_fen, status, requested_by,
                                                    requested_at)
                        values (:id, :p, :r, :a, 'PENDING_APPROVAL', :by, :now)""")
                .bind("id", id).bind("p", province).bind("r", reference).bind("a", amountFen)
                .bind("by", caller.subject()).bind("now", now)
                .fetch().rowsUpdated()
                .then(audit.record(caller, "top-up.request", "top-up", id.toString(), province,
                        changes(pending, needsApproval ? PENDING : COMPLETED)))
                .thenReturn(pending);
        return needsApproval ? requested.flatMap(topUp -> withFund(topUp, true))
                : requested.flatMap(topUp -> complete(null, topUp, now, null));
    }

    /** Writes the journal entry and moves the fund; audited when it is an approval. */
    private Mono<Result> complete(Caller approver, TopUp topUp, Instant now, String action) {
        String approvedBy = approver == null ? null : approver.subject();
        return funds.applyTopUp(topUp.province(), topUp.amountFen(), topUp.reference(), now)
                .flatMap(entry -> db.sql("""
                                update top_up_request set status = 'COMPLETED', journal_id = :journal,
                                       approved_by = :by, approved_at = :at
                                 where top_up_id = :id and status = 'PENDING_APPROVAL'""")
                        .bind("journal", entry.id())
                        .bind("by", org.springframework.r2dbc.core.Parameter.fromOrEmpty(approvedBy, String.class))
                        .bind("at", org.springframework.r2dbc.core.Parameter.fromOrEmpty(
                                approver == null ? null : now, Instant.class))
                        .bind("id", UUID.fromString(topUp.topUpId()))
                        .fetch().rowsUpdated()
                        .then(action == null ? Mono.empty() : audit.record(approver, action, "top-up", topUp.topUpId(),
                                topUp.province(), changes(topUp, COMPLETED)))
                        .then(withFund(new TopUp(topUp.topUpId(), topUp.province(), topUp.reference(),
                                topUp.amountFen(), COMPLETED, topUp.requestedBy(), approvedBy, entry), true)));
    }

    /** A top-up recorded before requests were kept: only its journal entry exists. */
    private Mono<TopUp> legacy(String province, String reference) {
        return funds.existing(province, reference).map(entry -> new TopUp(null, province, reference, entry.amountFen(),
                COMPLETED, null, null, entry));
    }

    private Mono<Result> withFund(TopUp topUp, boolean created) {
        return funds.fund(topUp.province()).map(fund -> new Result(topUp, fund, created));
    }

    private Mono<TopUp> find(String where, Map<String, Object> params) {
        return findAll(where, params).singleOrEmpty();
    }

    private Flux<TopUp> findAll(String where, Map<String, Object> params) {
        var spec = db.sql("""
                select r.top_up_id, r.province, r.reference, r.amount_fen, r.status, r.requested_by, r.approved_by,
                       j.id, j.kind, j.period, j.at
                  from top_up_request r left join prepaid_journal j on j.id = r.journal_id""" + " where " + where);
        for (var p : params.entrySet()) {
            spec = spec.bind(p.getKey(), p.getValue());
        }
        return spec.map(row -> {
            String province = Rows.text(row, "province");
            String reference = Rows.text(row, "reference");
            long amount = Rows.longOf(row, "amount_fen");
            PrepaidFunds.Entry entry = row.get("id", Long.class) == null ? null
                    : new PrepaidFunds.Entry(Rows.longOf(row, "id"), province, Rows.text(row, "kind"), amount,
                            reference, Rows.text(row, "period"), Rows.instant(row, "at"));
            return new TopUp(row.get("top_up_id", UUID.class).toString(), province, reference, amount,
                    Rows.text(row, "status"), Rows.text(row, "requested_by"), Rows.text(row, "approved_by"), entry);
        }).all();
    }

    private static Map<String, Object> changes(TopUp topUp, String status) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("province", topUp.province());
        changes.put("amountFen", topUp.amountFen());
        changes.put("reference", topUp.reference());
        changes.put("status", status);
        return changes;
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
