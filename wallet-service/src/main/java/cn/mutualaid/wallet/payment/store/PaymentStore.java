package cn.mutualaid.wallet.payment.store;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.wallet.payment.domain.Allocation;
import cn.mutualaid.wallet.payment.domain.CategoryRule;
import cn.mutualaid.wallet.payment.domain.MoneyMove;
import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentStatus;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.domain.RefundPlan;
import cn.mutualaid.wallet.payment.domain.RefundableLine;
import cn.mutualaid.wallet.payment.domain.VoidReason;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SQL of payments, refunds and the money they move. Runs inside the caller's transaction.
 *
 * <p><b>The quota arithmetic lives here and only here</b> (granted = used + held + remaining + released): a hold
 * moves remaining to held, a capture held to used (a direct capture remaining to used), a void held back to remaining,
 * a refund used back to remaining (quota ACTIVE) or to released. Each is a conditional update that applies only within
 * the part it draws on, so two payments racing for one quota cannot overdraw it, and the table's constraints reject
 * any negative part. {@code PaymentStoreIT} exercises each of these statements.
 */
@Component
public record PaymentStore(DatabaseClient db) {
    static final String HEADER_COLUMNS = """
            payment_id, provider_id, patient_id, category, contribution_year, amount_fen, status, refunded_fen,
            spend_pooling_area, created_at, expires_at, captured_at, voided_at, void_reason""";

    /** The provider as the wallet knows it (empty: not designated) and the patient's insurance (null: never seen). */
    public record Counter(ProviderType providerType, String providerArea, CategoryRule.Insurance patient) {
    }

    public Mono<Counter> counter(String providerId, String patientId) {
        return db.sql("""
                        select pr.type, pr.pooling_area, pe.scheme, pe.pooling_area as patient_area, pe.status
                        from provider pr left join person pe on pe.person_id = :patient
                        where pr.provider_id = :provider""")
                .bind("patient", patientId).bind("provider", providerId)
                .map(row -> new Counter(ProviderType.valueOf(row.get("type", String.class)),
                        row.get("pooling_area", String.class),
                        row.get("scheme", String.class) == null ? null
                                : new CategoryRule.Insurance(Scheme.valueOf(row.get("scheme", String.class)),
                                        row.get("patient_area", String.class), "ACTIVE".equals(row.get("status", String.class)))))
                .one();
    }

    /** The patient's ACTIVE quotas with something left, locked, oldest grant first (the lock order of every path). */
    public Mono<List<Allocation.Source>> lockSpendableQuotas(String patientId) {
        return spendableQuotas(patientId, "for update of q");
    }

    /** The same quotas as {@link #lockSpendableQuotas}, only read: a payment's explanation locks nothing. */
    public Mono<List<Allocation.Source>> readSpendableQuotas(String patientId) {
        return spendableQuotas(patientId, "");
    }

    private Mono<List<Allocation.Source>> spendableQuotas(String patientId, String lock) {
        return db.sql("""
                        select q.quota_id, q.relation_id, q.benefactor_id, q.created_at, a.pooling_area,
                               q.granted_fen - q.used_fen - q.held_fen - q.released_fen as remaining
                        from quota q join account a on a.person_id = q.benefactor_id
                        where q.beneficiary_id = :p and q.status = 'ACTIVE'
                          and q.granted_fen - q.used_fen - q.held_fen - q.released_fen > 0
                        order by q.created_at, q.quota_id
                        """ + lock)
                .bind("p", patientId)
                .map(row -> new Allocation.Source(row.get("quota_id", UUID.class).toString(),
                        row.get("relation_id", String.class), row.get("benefactor_id", String.class),
                        row.get("pooling_area", String.class), row.get("created_at", Instant.class),
                        row.get("remaining", Long.class)))
                .all().collectList();
    }

    /**
     * One statement: each line's part moves from its quota's remaining to held (AUTHORIZED) or straight to used (a
     * direct capture), the payment and its lines are inserted. The quota rows are already locked, so this only
     * shortens the time they stay locked; a quota that cannot take its part fails the whole payment.
     */
    public Mono<Void> insert(PaymentHeader header, List<PaymentView.Line> lines) {
        boolean captured = header.status() == PaymentStatus.CAPTURED;
        // Named only by a contribution: every other payment runs the statement it always ran (tools/load/bench).
        Integer year = header.contributionYear();
        String take = captured ? "used_fen = q.used_fen + d.part" : "held_fen = q.held_fen + d.part";
        var spec = db.sql("""
                        with quotas as (
                            update quota q set %s, updated_at = :now
                            from unnest(:quotas::uuid[], :amounts::bigint[]) as d(id, part)
                            where q.quota_id = d.id and q.status = 'ACTIVE'
                              and q.granted_fen - q.used_fen - q.held_fen - q.released_fen >= d.part
                            returning q.quota_id),
                        payment as (
                            insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                                                 spend_pooling_area, created_at, expires_at, captured_at%s)
                            values (:id, :provider, :patient, :category, :amount, :status, :spend, :now, :expires, :captured%s)
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
                        select (select count(*) from quotas) as quotas, (select count(*) from lines) as lines"""
                        .formatted(take, year == null ? "" : ", contribution_year", year == null ? "" : ", :year"))
                .bind("id", header.paymentId()).bind("provider", header.providerId()).bind("patient", header.patientId())
                .bind("category", header.category().name()).bind("amount", header.amountFen())
                .bind("status", header.status().name()).bind("spend", header.spendPoolingArea())
                .bind("spendProvince", AidScope.provinceOf(header.spendPoolingArea()))
                .bind("now", header.createdAt()).bind("expires", header.expiresAt())
                .bind("nos", IntStream.range(0, lines.size()).boxed().toArray(Integer[]::new))
                .bind("quotas", lines.stream().map(PaymentView.Line::quotaId).toArray(String[]::new))
                .bind("relations", lines.stream().map(PaymentView.Line::relationId).toArray(String[]::new))
                .bind("benefactors", lines.stream().map(PaymentView.Line::benefactorId).toArray(String[]::new))
                .bind("amounts", lines.stream().map(PaymentView.Line::amountFen).toArray(Long[]::new))
                .bind("funds", lines.stream().map(PaymentView.Line::fundPoolingArea).toArray(String[]::new))
                .bind("fundProvinces", lines.stream().map(PaymentView.Line::fundProvince).toArray(String[]::new))
                .bind("scopes", lines.stream().map(l -> l.scope().name()).toArray(String[]::new));
        spec = captured ? spec.bind("captured", header.capturedAt()) : spec.bindNull("captured", Instant.class);
        spec = year == null ? spec : spec.bind("year", year);
        return spec.map(row -> row.get("quotas", Long.class) == lines.size() && row.get("lines", Long.class) == lines.size())
                .one()
                .flatMap(allApplied -> allApplied ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("a locked quota could not take its part")));
    }

    /** AUTHORIZED → CAPTURED for this provider while the hold lasts; empty when it does not apply. */
    public Mono<PaymentHeader> markCaptured(UUID paymentId, String providerId, Instant now) {
        return db.sql("update payment set status = 'CAPTURED', captured_at = :now"
                        + " where payment_id = :id and provider_id = :provider and status = 'AUTHORIZED' and expires_at > :now"
                        + " returning " + HEADER_COLUMNS)
                .bind("now", now).bind("id", paymentId).bind("provider", providerId)
                .map(PaymentStore::header).one();
    }

    /**
     * AUTHORIZED → VOIDED; empty when it does not apply.
     *
     * @param providerId only this provider's payment, or null for any (expiry, release)
     * @param onlyExpired only if the hold has expired (the sweeper)
     */
    public Mono<PaymentHeader> markVoided(UUID paymentId, String providerId, VoidReason reason, Instant now,
            boolean onlyExpired) {
        var spec = db.sql("update payment set status = 'VOIDED', voided_at = :now, void_reason = :reason"
                        + " where payment_id = :id and status = 'AUTHORIZED'"
                        + (providerId == null ? "" : " and provider_id = :provider")
                        + (onlyExpired ? " and expires_at <= :now" : "")
                        + " returning " + HEADER_COLUMNS)
                .bind("now", now).bind("reason", reason.name()).bind("id", paymentId);
        if (providerId != null) {
            spec = spec.bind("provider", providerId);
        }
        return spec.map(PaymentStore::header).one();
    }

    /** A capture of held parts: held → used on each line's quota. */
    public Mono<Void> captureHeld(List<PaymentView.Line> lines, Instant now) {
        return changeQuotas("""
                update quota q set held_fen = q.held_fen - d.part, used_fen = q.used_fen + d.part, updated_at = :now
                from unnest(:ids::uuid[], :parts::bigint[]) as d(id, part)
                where q.quota_id = d.id and q.held_fen >= d.part""", lines, now);
    }

    /** A void: held → remaining on each line's quota. */
    public Mono<Void> releaseHeld(List<PaymentView.Line> lines, Instant now) {
        return changeQuotas("""
                update quota q set held_fen = q.held_fen - d.part, updated_at = :now
                from unnest(:ids::uuid[], :parts::bigint[]) as d(id, part)
                where q.quota_id = d.id and q.held_fen >= d.part""", lines, now);
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

    /**
     * The benefactors' accounts change as {@link MoneyMove} decided, in one statement; it applies only if no account
     * would go below zero in balance or frozen money (else nothing changes and this fails).
     */
    public Mono<Void> changeAccounts(MoneyMove move) {
        return db.sql("""
                        update account a set balance_fen = a.balance_fen + d.balance, frozen_fen = a.frozen_fen + d.frozen
                        from unnest(:persons::text[], :balances::bigint[], :frozen::bigint[]) as d(person_id, balance, frozen)
                        where a.person_id = d.person_id and a.frozen_fen + d.frozen >= 0
                          and a.balance_fen + d.balance >= 0""")
                .bind("persons", move.accounts().keySet().toArray(String[]::new))
                .bind("balances", move.accounts().values().stream().map(MoneyMove.AccountChange::balanceFen).toArray(Long[]::new))
                .bind("frozen", move.accounts().values().stream().map(MoneyMove.AccountChange::frozenFen).toArray(Long[]::new))
                .fetch().rowsUpdated()
                .flatMap(n -> n == move.accounts().size() ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("a benefactor account cannot take its part of the move")));
    }

    public Mono<PaymentHeader> find(UUID paymentId) {
        return db.sql("select " + HEADER_COLUMNS + " from payment where payment_id = :id")
                .bind("id", paymentId).map(PaymentStore::header).one();
    }

    /** The payment row, locked (a refund). */
    public Mono<PaymentHeader> lock(UUID paymentId) {
        return db.sql("select " + HEADER_COLUMNS + " from payment where payment_id = :id for update")
                .bind("id", paymentId).map(PaymentStore::header).one();
    }

    public Mono<List<PaymentView.Line>> lines(UUID paymentId) {
        return db.sql("select * from payment_line where payment_id = :id order by line_no")
                .bind("id", paymentId).map(PaymentStore::line).all().collectList();
    }

    public Mono<List<PaymentView.Refund>> refunds(UUID paymentId) {
        return db.sql("select refund_id, amount_fen, created_at from refund where payment_id = :id order by created_at, refund_id")
                .bind("id", paymentId)
                .map(row -> new PaymentView.Refund(row.get("refund_id", UUID.class).toString(),
                        row.get("amount_fen", Long.class), row.get("created_at", Instant.class)))
                .all().collectList();
    }

    /** The payment's lines with their quotas locked in the lock order (oldest grant first). */
    public Mono<List<RefundableLine>> lockRefundableLines(UUID paymentId) {
        return db.sql("""
                        select l.*, q.status as quota_status from payment_line l
                        join quota q on q.quota_id = l.quota_id
                        where l.payment_id = :id order by q.created_at, q.quota_id for update of q""")
                .bind("id", paymentId)
                .map(row -> new RefundableLine(row.get("line_no", Integer.class), line(row),
                        "ACTIVE".equals(row.get("quota_status", String.class))))
                .all().collectList();
    }

    /** Refunded parts go back to their quotas: used → remaining (quota ACTIVE) or used → released. */
    public Mono<Void> refundQuotas(List<RefundPlan.Part> plan, List<RefundableLine> touched, Instant now) {
        return db.sql("""
                        update quota q set used_fen = q.used_fen - d.part,
                                           released_fen = q.released_fen + case when d.to_quota then 0 else d.part end,
                                           updated_at = :now
                        from unnest(:ids::uuid[], :parts::bigint[], :toQuota::boolean[]) as d(id, part, to_quota)
                        where q.quota_id = d.id and q.used_fen >= d.part""")
                .bind("ids", touched.stream().map(l -> l.line().quotaId()).toArray(String[]::new))
                .bind("parts", amounts(plan)).bind("toQuota", toQuota(touched)).bind("now", now)
                .fetch().rowsUpdated()
                .flatMap(n -> n == plan.size() ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("refund does not fit its quotas")));
    }

    /** The refund's records: the payment's and lines' refunded amounts, the refund and its lines. */
    public Mono<Void> recordRefund(UUID refundId, UUID paymentId, long amountFen, List<RefundPlan.Part> plan,
            List<RefundableLine> touched, Instant now) {
        Integer[] lineNos = plan.stream().map(RefundPlan.Part::lineNo).toArray(Integer[]::new);
        Long[] parts = amounts(plan);
        return db.sql("update payment set refunded_fen = refunded_fen + :a where payment_id = :id")
                .bind("a", amountFen).bind("id", paymentId).fetch().rowsUpdated()
                .then(db.sql("""
                                update payment_line l set refunded_fen = l.refunded_fen + d.part
                                from unnest(:nos::int[], :parts::bigint[]) as d(no, part)
                                where l.payment_id = :id and l.line_no = d.no""")
                        .bind("nos", lineNos).bind("parts", parts).bind("id", paymentId)
                        .fetch().rowsUpdated())
                .then(db.sql("insert into refund (refund_id, payment_id, amount_fen, created_at) values (:r, :p, :a, :now)")
                        .bind("r", refundId).bind("p", paymentId).bind("a", amountFen).bind("now", now)
                        .fetch().rowsUpdated())
                .then(db.sql("""
                                insert into refund_line (refund_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                                                         to_quota, fund_pooling_area, fund_province, spend_pooling_area,
                                                         spend_province, scope)
                                select :r, d.no, l.quota_id, l.relation_id, l.benefactor_id, d.part, d.to_quota,
                                       l.fund_pooling_area, l.fund_province, l.spend_pooling_area, l.spend_province, l.scope
                                from unnest(:nos::int[], :parts::bigint[], :toQuota::boolean[]) as d(no, part, to_quota)
                                join payment_line l on l.payment_id = :p and l.line_no = d.no""")
                        .bind("r", refundId).bind("p", paymentId).bind("nos", lineNos).bind("parts", parts)
                        .bind("toQuota", toQuota(touched))
                        .fetch().rowsUpdated())
                .then();
    }

    /** Authorizations whose hold has expired, oldest first. */
    public Flux<UUID> expiredHolds(Instant now, int limit) {
        return db.sql("""
                        select payment_id from payment where status = 'AUTHORIZED' and expires_at <= :now
                        order by expires_at limit :batch""")
                .bind("now", now).bind("batch", limit)
                .map(row -> row.get("payment_id", UUID.class)).all();
    }

    /** Open authorizations with a line on this quota, in id order. */
    public Flux<UUID> openHoldsOn(UUID quotaId) {
        return db.sql("""
                        select distinct l.payment_id from payment_line l join payment p on p.payment_id = l.payment_id
                        where l.quota_id = :q and p.status = 'AUTHORIZED' order by l.payment_id""")
                .bind("q", quotaId)
                .map(row -> row.get("payment_id", UUID.class)).all();
    }

    private static Long[] amounts(List<RefundPlan.Part> plan) {
        return plan.stream().map(RefundPlan.Part::amountFen).toArray(Long[]::new);
    }

    private static Boolean[] toQuota(List<RefundableLine> touched) {
        return touched.stream().map(RefundableLine::quotaActive).toArray(Boolean[]::new);
    }

    static PaymentHeader header(Readable row) {
        String voidReason = row.get("void_reason", String.class);
        return new PaymentHeader(row.get("payment_id", UUID.class), row.get("provider_id", String.class),
                row.get("patient_id", String.class), PaymentCategory.valueOf(row.get("category", String.class)),
                row.get("contribution_year", Integer.class), row.get("amount_fen", Long.class), PaymentStatus.valueOf(row.get("status", String.class)),
                row.get("refunded_fen", Long.class), row.get("spend_pooling_area", String.class),
                row.get("created_at", Instant.class), row.get("expires_at", Instant.class),
                row.get("captured_at", Instant.class), row.get("voided_at", Instant.class),
                voidReason == null ? null : VoidReason.valueOf(voidReason));
    }

    static PaymentView.Line line(Readable row) {
        return new PaymentView.Line(row.get("quota_id", UUID.class).toString(), row.get("relation_id", String.class),
                row.get("benefactor_id", String.class), row.get("amount_fen", Long.class),
                row.get("refunded_fen", Long.class), row.get("fund_pooling_area", String.class),
                row.get("fund_province", String.class), row.get("spend_pooling_area", String.class),
                row.get("spend_province", String.class), AidScope.valueOf(row.get("scope", String.class)));
    }
}
