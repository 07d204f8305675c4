package cn.mutualaid.wallet.account;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.contracts.wallet.AccountCredited;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotentRequest;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.AreaRange;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.account.domain.CreditKind;
import cn.mutualaid.wallet.account.domain.CreditOrder;
import cn.mutualaid.wallet.account.domain.CreditView;
import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.store.Journal;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Credits into personal accounts, by an agency administering the account's area (others: 404). Up to the four-eyes
 * threshold the money moves at once; above it the credit waits, with no money moved, until another operator of the
 * same area approves it. The request and the approval are each audited in their transaction. Rows are locked
 * account first, then credit, on both paths. Both run once per operator and Idempotency-Key (CREDIT, CREDIT_APPROVE):
 * the key makes a retry safe, while the reference stays the credit's business identity (the allocation batch).
 */
@Service
public class Credits {
    private static final String COLUMNS = """
            credit_id, person_id, reference, kind, status, amount_fen, balance_after_fen, journal_tx, credited_at,
            requested_by, requested_at, approved_by""";

    private final DatabaseClient db;
    private final Idempotency idempotency;
    private final Journal journal;
    private final Outbox outbox;
    private final Audit audit;
    private final Clock clock;
    private final long fourEyesFen;

    public Credits(DatabaseClient db, Idempotency idempotency, Journal journal, Outbox outbox,
            Audit audit, Clock clock, WalletProperties properties) {
        this.db = db;
        this.idempotency = idempotency;
        this.journal = journal;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.fourEyesFen = properties.fourEyesFen();
    }

    /**
     * Same reference, amount and kind → the original credit; otherwise a reused reference is 409 REFERENCE_REUSED.
     * A new credit above the threshold is PENDING_APPROVAL.
     */
    public Mono<Idempotency.Answer<CreditView>> request(Caller caller, String personId, String idempotencyKey,
            CreditOrder request) {
        CreditKind kind = request.kind();
        return idempotency.once(caller.subject(), idempotencyKey, IdempotentRequest.of("CREDIT", personId, request),
                CreditView.class, () -> lockedArea(caller, personId)
                .flatMap(area -> find("person_id = :p and reference = :r", Map.of("p", personId, "r", request.reference()))
                        .map(existing -> {
                            if (existing.amountFen() != request.amountFen() || existing.kind() != kind) {
                                throw Rejection.conflict("REFERENCE_REUSED",
                                        "this reference was already used for another credit");
                            }
                            return existing;
                        })
                        .switchIfEmpty(Mono.defer(() -> create(caller, personId, area, kind, request)))));
    }

    /**
     * Another operator of the account's area completes a pending credit: the money moves now. The requester gets 403
     * FOUR_EYES_SAME_OPERATOR; an agency of another area, 404. Approving a completed credit changes nothing.
     */
    public Mono<Idempotency.Answer<CreditView>> approve(Caller caller, String creditId, String idempotencyKey) {
        Optional<UUID> id = parse(creditId);
        if (id.isEmpty()) {
            return Mono.error(Rejection.notFound("credit"));
        }
        Map<String, Object> byId = Map.of("id", id.get());
        return idempotency.once(caller.subject(), idempotencyKey, IdempotentRequest.on("CREDIT_APPROVE", creditId),
                CreditView.class, () -> find("credit_id = :id", byId)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("credit")))
                .flatMap(unlocked -> lockedArea(caller, unlocked.personId())
                        .onErrorMap(Rejection.class, e -> Rejection.notFound("credit"))
                        .flatMap(area -> find("credit_id = :id for update", byId).flatMap(credit -> {
                            if (!credit.pending()) {
                                return Mono.just(credit);
                            }
                            if (caller.subject().equals(credit.requestedBy())) {
                                return Mono.error(Rejection.forbidden("FOUR_EYES_SAME_OPERATOR",
                                        "a credit above the four-eyes threshold needs another operator's approval"));
                            }
                            return complete(caller, credit, area, "credit.approve");
                        }))));
    }

    /** Credits of the accounts the agency administers in one status (what waits for a second operator), newest first. */
    public Flux<CreditView> list(Caller caller, String status, Page page) {
        AreaRange range = AreaRange.of(caller).orElseThrow(Rejection::forbidden);
        return db.sql("select " + COLUMNS + """
                         from credit
                        where person_id in (select person_id from account where pooling_area between :lo and :hi)
                          and status = :status
                        order by requested_at desc nulls last, credit_id limit :limit offset :offset""")
                .bind("lo", range.low()).bind("hi", range.high()).bind("status", status)
                .bind("limit", page.size()).bind("offset", page.offset())
                .map(Credits::view).all();
    }

    /** The account's pooling area, its row locked; 404 unless the caller administers it. */
    private Mono<String> lockedArea(Caller caller, String personId) {
        return db.sql("select pooling_area from account where person_id = :p for update").bind("p", personId)
                .map(row -> row.get("pooling_area", String.class)).one()
                .filter(caller::administers)
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("account")));
    }

    private Mono<CreditView> create(Caller caller, String personId, String area, CreditKind kind, CreditOrder request) {
        Instant now = clock.instant();
        UUID creditId = TimeOrderedUuid.next();
        boolean needsApproval = request.amountFen() > fourEyesFen;
        CreditView pending = new CreditView(creditId.toString(), personId, request.reference(), kind, CreditView.PENDING,
                request.amountFen(), null, null, null, caller.subject(), now, null);
        Mono<CreditView> inserted = db.sql("""
                        insert into credit (credit_id, person_id, reference, kind, status, amount_fen, requested_by,
                                            requested_at)
                        values (:id, :p, :r, :kind, 'PENDING_APPROVAL', :a, :by, :now)""")
                .bind("id", creditId).bind("p", personId).bind("r", request.reference()).bind("kind", kind.name())
                .bind("a", request.amountFen()).bind("by", caller.subject()).bind("now", now)
                .fetch().rowsUpdated()
                .then(audit.record(caller, "credit.request", "credit", creditId.toString(), area,
                        changes(pending, "status", needsApproval ? CreditView.PENDING : CreditView.COMPLETED)))
                .thenReturn(pending);
        return needsApproval ? inserted : inserted.flatMap(credit -> complete(null, credit, area, null));
    }

    /** Moves the money: balance, journal entry, the credit completed, AccountCredited; audited when approved. */
    private Mono<CreditView> complete(Caller approver, CreditView credit, String area, String action) {
        Instant now = clock.instant();
        String approvedBy = approver == null ? null : approver.subject();
        // The ceiling keeps every balance, and the ledger's sums of balances, far from 64-bit overflow.
        return db.sql("""
                        update account set balance_fen = balance_fen + :a
                        where person_id = :p and balance_fen <= :max - :a returning balance_fen""")
                .bind("a", credit.amountFen()).bind("p", credit.personId()).bind("max", Fen.MAX_BALANCE)
                .map(row -> row.get("balance_fen", Long.class)).one()
                .switchIfEmpty(Mono.error(() -> Rejection.refused("BALANCE_LIMIT",
                        "the account would hold more than " + Fen.MAX_BALANCE + " fen")))
                .flatMap(balance -> journal.record("CREDIT", credit.reference(), now,
                                JournalEntry.credit(credit.personId(), credit.amountFen()))
                        .flatMap(txId -> db.sql("""
                                        update credit set status = 'COMPLETED', balance_after_fen = :b, journal_tx = :tx,
                                               credited_at = :now, approved_by = :by, approved_at = :approvedAt
                                         where credit_id = :id and status = 'PENDING_APPROVAL'""")
                                .bind("b", balance).bind("tx", txId).bind("now", now)
                                .bind("by", Parameter.fromOrEmpty(approvedBy, String.class))
                                .bind("approvedAt", Parameter.fromOrEmpty(approver == null ? null : now, Instant.class))
                                .bind("id", UUID.fromString(credit.creditId()))
                                .fetch().rowsUpdated()
                                .then(outbox.append(new AccountCredited(credit.personId(), credit.amountFen(),
                                        credit.reference(), balance, now), credit.personId()))
                                .then(action == null ? Mono.empty() : audit.record(approver, action, "credit",
                                        credit.creditId(), area, changes(credit, "balanceFen", balance)))
                                .thenReturn(new CreditView(credit.creditId(), credit.personId(), credit.reference(),
                                        credit.kind(), CreditView.COMPLETED, credit.amountFen(), balance, txId, now,
                                        credit.requestedBy(), credit.requestedAt(), approvedBy))));
    }

    private static Map<String, Object> changes(CreditView credit, String key, Object value) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("personId", credit.personId());
        changes.put("amountFen", credit.amountFen());
        changes.put("kind", credit.kind().name());
        changes.put("reference", credit.reference());
        changes.put(key, value);
        return changes;
    }

    private Mono<CreditView> find(String where, Map<String, Object> params) {
        var spec = db.sql("select " + COLUMNS + " from credit where " + where);
        for (var p : params.entrySet()) {
            spec = spec.bind(p.getKey(), p.getValue());
        }
        return spec.map(Credits::view).one();
    }

    private static CreditView view(Readable row) {
        return new CreditView(row.get("credit_id", UUID.class).toString(), row.get("person_id", String.class),
                row.get("reference", String.class), CreditKind.valueOf(row.get("kind", String.class)),
                row.get("status", String.class), row.get("amount_fen", Long.class),
                row.get("balance_after_fen", Long.class), row.get("journal_tx", Long.class),
                row.get("credited_at", Instant.class), row.get("requested_by", String.class),
                row.get("requested_at", Instant.class), row.get("approved_by", String.class));
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
