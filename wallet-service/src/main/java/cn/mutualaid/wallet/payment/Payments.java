package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentLine;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.contracts.wallet.PaymentVoided;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.ledger.Invariants;
import cn.mutualaid.wallet.ledger.domain.Ledger;
import cn.mutualaid.wallet.ledger.domain.Posting;
import cn.mutualaid.wallet.ledger.store.Journal;
import cn.mutualaid.wallet.payment.domain.Allocation;
import cn.mutualaid.wallet.payment.domain.CategoryRule;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.domain.RefundPlan;
import cn.mutualaid.wallet.support.Transactions;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two-phase payments from a beneficiary's quotas, and refunds.
 *
 * <p>Lock order on every path: payment row → quota rows (oldest grant first) → benefactor accounts (by person id), so
 * concurrent payments queue on the quota rows instead of overdrawing them. Each quota change is a conditional update
 * that can only succeed within the quota's remaining (or held) amount, and constraints reject any negative part.
 *
 * <p>Money: an authorization only moves quota from remaining to held (the money stays frozen). A capture moves held to
 * used and takes the money out of the benefactor's account (balance and frozen both decrease; journal FROZEN → SPENT).
 * A void moves held back to remaining. A refund returns money to the quota (used decreases, the money is frozen again:
 * SPENT → FROZEN) while the relationship is ACTIVE, otherwise to the benefactor's available balance (SPENT → AVAILABLE,
 * counted as released on the quota).
 */
@Service
public class Payments {
    public static final String VOID_BY_PROVIDER = "PROVIDER";
    public static final String VOID_EXPIRED = "EXPIRED";
    public static final String VOID_RELEASED = "RELEASED";

    private final DatabaseClient db;
    private final Transactions tx;
    private final Idempotency idempotency;
    private final PaymentCodes codes;
    private final Journal journal;
    private final Outbox outbox;
    private final Invariants invariants;
    private final Clock clock;
    private final WalletProperties properties;

    public Payments(DatabaseClient db, Transactions tx, Idempotency idempotency, PaymentCodes codes, Journal journal,
            Outbox outbox, Invariants invariants, Clock clock, WalletProperties properties) {
        this.db = db;
        this.tx = tx;
        this.idempotency = idempotency;
        this.codes = codes;
        this.journal = journal;
        this.outbox = outbox;
        this.invariants = invariants;
        this.clock = clock;
        this.properties = properties;
    }

    /** The payment row without its lines. */
    record Header(UUID paymentId, String providerId, String patientId, PaymentCategory category, long amountFen,
            String status, long refundedFen, String spendPoolingArea, Instant createdAt, Instant expiresAt,
            Instant capturedAt, Instant voidedAt, String voidReason) {

        static Header of(Readable row) {
            return new Header(row.get("payment_id", UUID.class), row.get("provider_id", String.class),
                    row.get("patient_id", String.class), PaymentCategory.valueOf(row.get("category", String.class)),
                    row.get("amount_fen", Long.class), row.get("status", String.class),
                    row.get("refunded_fen", Long.class), row.get("spend_pooling_area", String.class),
                    row.get("created_at", Instant.class), row.get("expires_at", Instant.class),
                    row.get("captured_at", Instant.class), row.get("voided_at", Instant.class),
                    row.get("void_reason", String.class));
        }

        PaymentView view(List<PaymentView.Line> lines, List<PaymentView.Refund> refunds) {
            return new PaymentView(paymentId.toString(), providerId, patientId, category, amountFen, status, refundedFen,
                    createdAt, expiresAt, capturedAt, voidedAt, voidReason, lines, refunds);
        }
    }

    static final String HEADER_COLUMNS = """
            payment_id, provider_id, patient_id, category, amount_fen, status, refunded_fen, spend_pooling_area,
            created_at, expires_at, captured_at, voided_at, void_reason""";

    // ---------------------------------------------------------------------------------------------------------------
    // Authorize (and capture)
    // ---------------------------------------------------------------------------------------------------------------

    public Mono<Idempotency.Answer<PaymentView>> create(String providerId, String idempotencyKey, PaymentOrder request) {
        return idempotency.once(providerId, idempotencyKey, "POST /api/v1/payments", request,
                PaymentView.class, () -> authorize(providerId, request));
    }

    private record Context(ProviderType providerType, String providerArea, CategoryRule.Insurance patient) {
    }

    private Mono<PaymentView> authorize(String providerId, PaymentOrder request) {
        Instant now = clock.instant();
        return db.sql("""
                        select pr.type, pr.pooling_area, pe.scheme, pe.pooling_area as patient_area, pe.status
                        from provider pr left join person pe on pe.person_id = :patient
                        where pr.provider_id = :provider""")
                .bind("patient", request.patientId()).bind("provider", providerId)
                .map(row -> new Context(ProviderType.valueOf(row.get("type", String.class)),
                        row.get("pooling_area", String.class),
                        row.get("scheme", String.class) == null ? null
                                : new CategoryRule.Insurance(Scheme.valueOf(row.get("scheme", String.class)),
                                        row.get("patient_area", String.class), "ACTIVE".equals(row.get("status", String.class)))))
                .one()
                .switchIfEmpty(Mono.error(() -> Rejection.refused("PROVIDER_NOT_DESIGNATED",
                        "the caller is not a designated medical institution or retail pharmacy")))
                .flatMap(ctx -> {
                    String spendArea = CategoryRule.spendArea(ctx.providerType(), ctx.providerArea(), request.category(),
                            ctx.patient());
                    return codes.use(request.paymentCode(), request.patientId(), now)
                            .then(spendableQuotas(request.patientId()))
                            .flatMap(sources -> hold(providerId, request, spendArea, Allocation.allocate(request.amountFen(), sources), now));
                });
    }

    /** The patient's ACTIVE quotas with something left, locked, oldest grant first. */
    private Mono<List<Allocation.Source>> spendableQuotas(String patientId) {
        return db.sql("""
                        select q.quota_id, q.relation_id, q.benefactor_id, q.created_at, a.pooling_area,
                               q.granted_fen - q.used_fen - q.held_fen - q.released_fen as remaining
                        from quota q join account a on a.person_id = q.benefactor_id
                        where q.beneficiary_id = :p and q.status = 'ACTIVE'
                          and q.granted_fen - q.used_fen - q.held_fen - q.released_fen > 0
                        order by q.created_at, q.quota_id
                        for update of q""")
                .bind("p", patientId)
                .map(row -> new Allocation.Source(row.get("quota_id", UUID.class).toString(),
                        row.get("relation_id", String.class), row.get("benefactor_id", String.class),
                        row.get("pooling_area", String.class), row.get("created_at", Instant.class),
                        row.get("remaining", Long.class)))
                .all().collectList();
    }

    private Mono<PaymentView> hold(String providerId, PaymentOrder request, String spendArea,
            List<Allocation.Part> parts, Instant now) {
        UUID paymentId = UUID.randomUUID();
        boolean capture = request.capture();
        String spendProvince = AidScope.provinceOf(spendArea);
        List<PaymentView.Line> lines = parts.stream().map(part -> {
            Allocation.Source s = part.source();
            return new PaymentView.Line(s.quotaId(), s.relationId(), s.benefactorId(), part.amountFen(), 0,
                    s.fundPoolingArea(), AidScope.provinceOf(s.fundPoolingArea()), spendArea, spendProvince,
                    AidScope.between(s.fundPoolingArea(), spendArea));
        }).toList();
        Header header = new Header(paymentId, providerId, request.patientId(), request.category(), request.amountFen(),
                capture ? "CAPTURED" : "AUTHORIZED", 0, spendArea, now, now.plus(properties.holdTtl()),
                capture ? now : null, null, null);
        // A direct capture skips the held stage: remaining goes straight to used.
        // One statement: the conditional quota updates, the payment and its lines (the quota rows are already locked,
        // so this only shortens the time they stay locked). A direct capture skips the held stage.
        var spec = db.sql("""
                        with quotas as (
                            update quota q set\s""" + (capture ? "used_fen = q.used_fen + d.part" : "held_fen = q.held_fen + d.part") + """
                            , updated_at = :now
                            from unnest(:quotas::uuid[], :amounts::bigint[]) as d(id, part)
                            where q.quota_id = d.id and q.status = 'ACTIVE'
                              and q.granted_fen - q.used_fen - q.held_fen - q.released_fen >= d.part
                            returning q.quota_id),
                        payment as (
                            insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                                 spend_pooling_area, created_at, expires_at, captured_at)
                            values (:id, :provider, :patient, :category, :amount, :status, :spend, :now, :expires, :captured)
                            returning payment_id),
                        lines as (
                            insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                                                      fund_pooling_area, fund_province, spend_pooling_area, spend_province, scope)
                            select p.payment_id, d.no, d.quota_id, d.relation_id, d.benefactor_id, d.amount, d.fund,
                                   d.fund_province, :spend, :spendProvince, d.scope
                            from payment p, unnest(:nos::int[], :quotas::uuid[], :relations::text[], :benefactors::text[],
                                        :amounts::bigint[], :funds::text[], :fundProvinces::text[], :scopes::text[])
                                 as d(no, quota_id, relation_id, benefactor_id, amount, fund, fund_province, scope)
                            returning line_no)
                        select (select count(*) from quotas) as quotas, (select count(*) from lines) as lines""")
                .bind("id", paymentId).bind("provider", providerId).bind("patient", request.patientId())
                .bind("category", request.category().name()).bind("amount", request.amountFen())
                .bind("status", header.status()).bind("spend", spendArea).bind("spendProvince", spendProvince)
                .bind("now", now).bind("expires", header.expiresAt())
                .bind("nos", java.util.stream.IntStream.range(0, lines.size()).boxed().toArray(Integer[]::new))
                .bind("quotas", lines.stream().map(PaymentView.Line::quotaId).toArray(String[]::new))
                .bind("relations", lines.stream().map(PaymentView.Line::relationId).toArray(String[]::new))
                .bind("benefactors", lines.stream().map(PaymentView.Line::benefactorId).toArray(String[]::new))
                .bind("amounts", lines.stream().map(PaymentView.Line::amountFen).toArray(Long[]::new))
                .bind("funds", lines.stream().map(PaymentView.Line::fundPoolingArea).toArray(String[]::new))
                .bind("fundProvinces", lines.stream().map(PaymentView.Line::fundProvince).toArray(String[]::new))
                .bind("scopes", lines.stream().map(l -> l.scope().name()).toArray(String[]::new));
        spec = capture ? spec.bind("captured", now) : spec.bindNull("captured", Instant.class);
        return spec.map(row -> row.get("quotas", Long.class) == lines.size() && row.get("lines", Long.class) == lines.size())
                .one()
                .flatMap(allApplied -> allApplied ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("a locked quota could not take its part")))
                .then(capture ? settleCapture(header, lines, now) : Mono.empty())
                .thenReturn(header.view(lines, List.of()));
    }

    /** Applies one conditional quota update per line (in one statement); every line must match its quota. */
    private Mono<Void> changeQuotas(String sql, List<PaymentView.Line> lines, Instant now) {
        return db.sql(sql)
                .bind("ids", lines.stream().map(PaymentView.Line::quotaId).toArray(String[]::new))
                .bind("parts", lines.stream().map(PaymentView.Line::amountFen).toArray(Long[]::new))
                .bind("now", now)
                .fetch().rowsUpdated()
                .flatMap(n -> n == lines.size() ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("quota changed under a lock: " + n + " of " + lines.size())));
    }

    /** Money leaves the benefactors' accounts: balance and frozen decrease; journal FROZEN → SPENT; PaymentCaptured. */
    private Mono<Void> settleCapture(Header header, List<PaymentView.Line> lines, Instant now) {
        Map<String, Long> byBenefactor = sumByBenefactor(lines);
        List<Posting> postings = new ArrayList<>();
        byBenefactor.forEach((person, amount) -> postings.add(Posting.frozen(person, -amount)));
        postings.add(Posting.external(Ledger.SPENT, header.amountFen()));
        List<PaymentLine> eventLines = lines.stream().map(l -> l.toContract(l.amountFen())).toList();
        return db.sql("""
                        update account a set balance_fen = a.balance_fen - d.amount, frozen_fen = a.frozen_fen - d.amount
                        from unnest(:persons::text[], :amounts::bigint[]) as d(person_id, amount)
                        where a.person_id = d.person_id and a.frozen_fen >= d.amount""")
                .bind("persons", byBenefactor.keySet().toArray(String[]::new))
                .bind("amounts", byBenefactor.values().toArray(Long[]::new))
                .fetch().rowsUpdated()
                .flatMap(n -> n == byBenefactor.size() ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("benefactor account cannot pay a captured line")))
                .then(journal.record("CAPTURE", header.paymentId().toString(), now, postings))
                .then(outbox.append(new PaymentCaptured(header.paymentId().toString(), header.providerId(),
                        header.patientId(), header.category(), header.amountFen(), eventLines, now),
                        header.paymentId().toString()))
                .then(invariants.frozenMatchesQuotas(byBenefactor.keySet()));
    }

    private static Map<String, Long> sumByBenefactor(List<PaymentView.Line> lines) {
        // Sorted by person id: the order accounts are locked in.
        Map<String, Long> sums = new TreeMap<>();
        lines.forEach(l -> sums.merge(l.benefactorId(), l.amountFen(), Long::sum));
        return sums;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Capture, void
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Runs a capture or void; with an Idempotency-Key (optional here, the payment's state already guards against a
     * double effect) a retry gets the stored response, marked replayed, instead of 409 PAYMENT_NOT_AUTHORIZED.
     */
    private Mono<Idempotency.Answer<PaymentView>> stateChange(String providerId, String paymentId, String action,
            String idempotencyKey, java.util.function.Function<UUID, Mono<PaymentView>> change) {
        Optional<UUID> id = parse(paymentId);
        if (id.isEmpty()) {
            return Mono.error(Rejection.notFound("payment"));
        }
        return idempotencyKey == null ? tx.run(() -> change.apply(id.get())).map(Idempotency.Answer::fresh)
                : idempotency.once(providerId, idempotencyKey, "POST /api/v1/payments/" + paymentId + "/" + action,
                        Map.of(), PaymentView.class, () -> change.apply(id.get()));
    }

    public Mono<Idempotency.Answer<PaymentView>> capture(String providerId, String paymentId, String idempotencyKey) {
        return stateChange(providerId, paymentId, "capture", idempotencyKey, id -> capture(providerId, id));
    }

    private Mono<PaymentView> capture(String providerId, UUID paymentId) {
        Instant now = clock.instant();
        return db.sql("update payment set status = 'CAPTURED', captured_at = :now"
                        + " where payment_id = :id and provider_id = :provider and status = 'AUTHORIZED' and expires_at > :now"
                        + " returning " + HEADER_COLUMNS)
                .bind("now", now).bind("id", paymentId).bind("provider", providerId)
                .map(Header::of).one()
                .switchIfEmpty(Mono.defer(() -> refuseStateChange(providerId, paymentId, now)))
                .flatMap(header -> lines(header.paymentId()).flatMap(lines -> changeQuotas("""
                                update quota q set held_fen = q.held_fen - d.part, used_fen = q.used_fen + d.part,
                                                   updated_at = :now
                                from unnest(:ids::uuid[], :parts::bigint[]) as d(id, part)
                                where q.quota_id = d.id and q.held_fen >= d.part""", lines, now)
                        .then(settleCapture(header, lines, now))
                        .thenReturn(header.view(lines, List.of()))));
    }

    public Mono<Idempotency.Answer<PaymentView>> voidByProvider(String providerId, String paymentId, String idempotencyKey) {
        return stateChange(providerId, paymentId, "void", idempotencyKey, id -> {
            Instant now = clock.instant();
            return voidHold(id, providerId, VOID_BY_PROVIDER, now, false)
                    .switchIfEmpty(Mono.defer(() -> refuseStateChange(providerId, id, now).map(h -> new Voided(h, List.of()))))
                    .map(v -> v.header().view(v.lines(), List.of()));
        });
    }

    /** A voided authorization: the payment and its lines (the amounts that went back to their quotas). */
    public record Voided(Header header, List<PaymentView.Line> lines) {
        public long heldOn(String quotaId) {
            return lines.stream().filter(l -> l.quotaId().equals(quotaId)).mapToLong(PaymentView.Line::amountFen).sum();
        }
    }

    /**
     * Voids an open authorization inside the caller's transaction: held goes back to each quota's remaining,
     * PaymentVoided is published. Empty when the payment is not (or no longer) AUTHORIZED, or not this provider's.
     *
     * @param providerId only this provider's payment, or null for any (expiry, release)
     * @param onlyExpired only if the hold has expired (the sweeper)
     */
    public Mono<Voided> voidHold(UUID paymentId, String providerId, String reason, Instant now, boolean onlyExpired) {
        var spec = db.sql("update payment set status = 'VOIDED', voided_at = :now, void_reason = :reason"
                        + " where payment_id = :id and status = 'AUTHORIZED'"
                        + (providerId == null ? "" : " and provider_id = :provider")
                        + (onlyExpired ? " and expires_at <= :now" : "")
                        + " returning " + HEADER_COLUMNS)
                .bind("now", now).bind("reason", reason).bind("id", paymentId);
        if (providerId != null) {
            spec = spec.bind("provider", providerId);
        }
        return spec.map(Header::of).one()
                .flatMap(header -> lines(paymentId).flatMap(lines -> changeQuotas("""
                                update quota q set held_fen = q.held_fen - d.part, updated_at = :now
                                from unnest(:ids::uuid[], :parts::bigint[]) as d(id, part)
                                where q.quota_id = d.id and q.held_fen >= d.part""", lines, now)
                        .then(outbox.append(new PaymentVoided(paymentId.toString(), header.providerId(), header.patientId(),
                                header.amountFen(), reason, now), paymentId.toString()))
                        .thenReturn(new Voided(header, lines))));
    }

    /** Why a capture/void matched nothing: unknown or another provider's → 404; otherwise its state → 409. */
    private Mono<Header> refuseStateChange(String providerId, UUID paymentId, Instant now) {
        return db.sql("select " + HEADER_COLUMNS + " from payment where payment_id = :id")
                .bind("id", paymentId).map(Header::of).one()
                .filter(h -> h.providerId().equals(providerId))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("payment")))
                .flatMap(h -> Mono.error(Rejection.conflict("PAYMENT_NOT_AUTHORIZED",
                        "AUTHORIZED".equals(h.status()) && !h.expiresAt().isAfter(now)
                                ? "the authorization has expired"
                                : "the payment is " + h.status() + ", not AUTHORIZED")));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Refunds
    // ---------------------------------------------------------------------------------------------------------------

    public Mono<Idempotency.Answer<PaymentView>> refund(String providerId, String paymentId, String idempotencyKey,
            long amountFen) {
        Optional<UUID> id = parse(paymentId);
        if (id.isEmpty()) {
            return Mono.error(Rejection.notFound("payment"));
        }
        return idempotency.once(providerId, idempotencyKey, "POST /api/v1/payments/" + paymentId + "/refunds",
                Map.of("amountFen", amountFen), PaymentView.class, () -> doRefund(providerId, id.get(), amountFen));
    }

    private record RefundableLine(int lineNo, PaymentView.Line line, boolean quotaActive) {
    }

    private Mono<PaymentView> doRefund(String providerId, UUID paymentId, long amountFen) {
        Instant now = clock.instant();
        return db.sql("select " + HEADER_COLUMNS + " from payment where payment_id = :id for update")
                .bind("id", paymentId).map(Header::of).one()
                .filter(h -> h.providerId().equals(providerId))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("payment")))
                .flatMap(header -> {
                    if (!"CAPTURED".equals(header.status())) {
                        return Mono.error(Rejection.conflict("PAYMENT_NOT_CAPTURED",
                                "only a captured payment can be refunded; this one is " + header.status()));
                    }
                    return db.sql("""
                                    select l.*, q.status as quota_status from payment_line l
                                    join quota q on q.quota_id = l.quota_id
                                    where l.payment_id = :id order by q.created_at, q.quota_id for update of q""")
                            .bind("id", paymentId)
                            .map(row -> new RefundableLine(row.get("line_no", Integer.class), line(row),
                                    "ACTIVE".equals(row.get("quota_status", String.class))))
                            .all().collectList()
                            .flatMap(lines -> applyRefund(header, lines, amountFen, now));
                })
                .then(load(paymentId));
    }

    private Mono<Void> applyRefund(Header header, List<RefundableLine> lines, long amountFen, Instant now) {
        List<RefundPlan.Part> plan = RefundPlan.plan(amountFen, lines.stream()
                .map(l -> new RefundPlan.LineBalance(l.lineNo(), l.line().amountFen(), l.line().refundedFen())).toList());
        UUID refundId = UUID.randomUUID();
        Map<Integer, RefundableLine> byNo = new TreeMap<>();
        lines.forEach(l -> byNo.put(l.lineNo(), l));
        List<RefundableLine> touched = plan.stream().map(p -> byNo.get(p.lineNo())).toList();
        Long[] parts = plan.stream().map(RefundPlan.Part::amountFen).toArray(Long[]::new);
        Boolean[] toQuota = touched.stream().map(RefundableLine::quotaActive).toArray(Boolean[]::new);
        // Per benefactor, in lock order: what goes back frozen (into the quota) and what becomes available.
        Map<String, long[]> accounts = new TreeMap<>();
        List<Posting> postings = new ArrayList<>();
        postings.add(Posting.external(Ledger.SPENT, -amountFen));
        List<PaymentLine> eventLines = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            RefundableLine l = touched.get(i);
            long part = parts[i];
            long[] sums = accounts.computeIfAbsent(l.line().benefactorId(), k -> new long[2]);
            sums[toQuota[i] ? 0 : 1] += part;
            postings.add(toQuota[i] ? Posting.frozen(l.line().benefactorId(), part)
                    : Posting.available(l.line().benefactorId(), part));
            eventLines.add(l.line().toContract(part));
        }
        Mono<Void> quotas = db.sql("""
                        update quota q set used_fen = q.used_fen - d.part,
                                           released_fen = q.released_fen + case when d.to_quota then 0 else d.part end,
                                           updated_at = :now
                        from unnest(:ids::uuid[], :parts::bigint[], :toQuota::boolean[]) as d(id, part, to_quota)
                        where q.quota_id = d.id and q.used_fen >= d.part""")
                .bind("ids", touched.stream().map(l -> l.line().quotaId()).toArray(String[]::new))
                .bind("parts", parts).bind("toQuota", toQuota).bind("now", now)
                .fetch().rowsUpdated()
                .flatMap(n -> n == plan.size() ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("refund does not fit its quotas")));
        Mono<Void> money = Flux.fromIterable(accounts.entrySet())
                .concatMap(e -> db.sql("""
                                update account set balance_fen = balance_fen + :back, frozen_fen = frozen_fen + :frozen
                                where person_id = :p""")
                        .bind("back", e.getValue()[0] + e.getValue()[1]).bind("frozen", e.getValue()[0])
                        .bind("p", e.getKey())
                        .fetch().rowsUpdated()
                        .flatMap(n -> n == 1 ? Mono.<Void>empty()
                                : Mono.error(new IllegalStateException("refund to a missing account"))))
                .then();
        Integer[] lineNos = plan.stream().map(RefundPlan.Part::lineNo).toArray(Integer[]::new);
        Mono<Void> records = db.sql("update payment set refunded_fen = refunded_fen + :a where payment_id = :id")
                .bind("a", amountFen).bind("id", header.paymentId()).fetch().rowsUpdated()
                .then(db.sql("""
                                update payment_line l set refunded_fen = l.refunded_fen + d.part
                                from unnest(:nos::int[], :parts::bigint[]) as d(no, part)
                                where l.payment_id = :id and l.line_no = d.no""")
                        .bind("nos", lineNos).bind("parts", parts).bind("id", header.paymentId())
                        .fetch().rowsUpdated())
                .then(db.sql("insert into refund (refund_id, payment_id, amount_fen, created_at) values (:r, :p, :a, :now)")
                        .bind("r", refundId).bind("p", header.paymentId()).bind("a", amountFen).bind("now", now)
                        .fetch().rowsUpdated())
                .then(db.sql("""
                                insert into refund_line (refund_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                                                         to_quota, fund_pooling_area, fund_province, spend_pooling_area,
                                                         spend_province, scope)
                                select :r, d.no, l.quota_id, l.relation_id, l.benefactor_id, d.part, d.to_quota,
                                       l.fund_pooling_area, l.fund_province, l.spend_pooling_area, l.spend_province, l.scope
                                from unnest(:nos::int[], :parts::bigint[], :toQuota::boolean[]) as d(no, part, to_quota)
                                join payment_line l on l.payment_id = :p and l.line_no = d.no""")
                        .bind("r", refundId).bind("p", header.paymentId()).bind("nos", lineNos).bind("parts", parts)
                        .bind("toQuota", toQuota)
                        .fetch().rowsUpdated())
                .then();
        return quotas.then(money).then(records)
                .then(journal.record("REFUND", refundId.toString(), now, postings))
                .then(outbox.append(new PaymentRefunded(header.paymentId().toString(), refundId.toString(),
                        header.providerId(), header.patientId(), header.category(), amountFen, eventLines, now),
                        header.paymentId().toString()))
                .then(invariants.frozenMatchesQuotas(accounts.keySet()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    /** The payment, for its provider, its patient, or an agency administering its spend or fund area; else 404. */
    public Mono<PaymentView> visibleTo(Caller caller, String paymentId) {
        return parse(paymentId).map(this::load).orElse(Mono.empty())
                .filter(p -> (caller.has(cn.mutualaid.platform.security.Role.PROVIDER) && caller.subject().equals(p.providerId()))
                        || caller.isPerson(p.patientId())
                        || p.lines().stream().anyMatch(l -> caller.administers(l.spendPoolingArea())
                                || caller.administers(l.fundPoolingArea())))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("payment")));
    }

    Mono<PaymentView> load(UUID paymentId) {
        return db.sql("select " + HEADER_COLUMNS + " from payment where payment_id = :id")
                .bind("id", paymentId).map(Header::of).one()
                .flatMap(header -> lines(paymentId).flatMap(lines -> db.sql("""
                                        select refund_id, amount_fen, created_at from refund where payment_id = :id
                                        order by created_at, refund_id""")
                                .bind("id", paymentId)
                                .map(row -> new PaymentView.Refund(row.get("refund_id", UUID.class).toString(),
                                        row.get("amount_fen", Long.class), row.get("created_at", Instant.class)))
                                .all().collectList()
                                .map(refunds -> header.view(lines, refunds))));
    }

    private Mono<List<PaymentView.Line>> lines(UUID paymentId) {
        return db.sql("select * from payment_line where payment_id = :id order by line_no")
                .bind("id", paymentId).map(Payments::line).all().collectList();
    }

    private static PaymentView.Line line(Readable row) {
        return new PaymentView.Line(row.get("quota_id", UUID.class).toString(), row.get("relation_id", String.class),
                row.get("benefactor_id", String.class), row.get("amount_fen", Long.class),
                row.get("refunded_fen", Long.class), row.get("fund_pooling_area", String.class),
                row.get("fund_province", String.class), row.get("spend_pooling_area", String.class),
                row.get("spend_province", String.class), AidScope.valueOf(row.get("scope", String.class)));
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
