package cn.mutualaid.wallet.payment.store;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.platform.idempotency.ClaimClause;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.wallet.code.domain.CodeFacts;
import cn.mutualaid.wallet.code.domain.CodeUse;
import cn.mutualaid.wallet.code.domain.StoredCode;
import cn.mutualaid.wallet.code.domain.StoredDevice;
import cn.mutualaid.wallet.payment.domain.Allocation;
import cn.mutualaid.wallet.payment.domain.CategoryRule;
import cn.mutualaid.wallet.payment.domain.MoneyMove;
import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.ledger.domain.Posting;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A payment in two statements (mesh.wallet.payment-write=function): every fact its rules need, read in one statement
 * that also claims the payment's Idempotency-Key ({@link #facts(ClaimClause, String, String, PaymentCategory, Integer,
 * CodeUse)}), and its whole write in one call of the V11 function {@code wallet_pay} ({@link #pay}), each its own
 * transaction. The rules stay in Java ({@code PaymentEvaluator} on the facts); the function applies the plan only
 * while the facts it was decided on still hold, and says {@link Outcome#STALE} otherwise.
 */
@Component
public record PaymentCall(DatabaseClient db) {
    static final String KEY_LOST_STATE = "MWKEY";
    static final String INVARIANT_STATE = "MWINV";
    private static final Logger log = LoggerFactory.getLogger(PaymentCall.class);

    /** Everything the rules of a payment look at, as read in one statement; quotas oldest grant first. */
    public record Facts(Optional<PaymentStore.Counter> counter, CodeFacts code, boolean contributionTaken,
            List<Allocation.Source> quotas) {
    }

    /** What {@code wallet_pay} answered (the V11 migration says when). */
    public enum Outcome {
        DONE, STALE, KEY_LOST
    }

    /**
     * The statement path's reads in one: the provider and the patient ({@code PaymentStore.counter}), the code (the
     * stored online code, or the offline code's device with its steps used since {@code fromStep}), whether a
     * contribution's person-year is taken ({@code ContributionStore.taken}) and the patient's spendable quotas
     * ({@code PaymentStore.readSpendableQuotas}, one row each; one row of nulls when there is none). Nothing is
     * locked: {@link #pay} re-checks what it relies on. No rows when the provider is unknown.
     */
    private static final String FACTS = """
            select pr.type, pr.pooling_area, pe.scheme, pe.pooling_area as patient_area, pe.status,
                   c.person_id as code_person, c.expires_at as code_expires, c.used_at as code_used,
                   d.person_id as device_person, d.key_id as device_key, d.revoked_at as device_revoked,
                   case when d.device_id is not null then array(
                       select u.step from offline_code_use u
                       where u.device_id = d.device_id and u.step >= :from) end as device_used,
                   :year::int is not null and exists (
                       select 1 from payment
                       where patient_id = :patient and category = :category and contribution_year = :year::int
                         and status <> 'VOIDED' and refunded_fen < amount_fen) as taken,
                   q.quota_id, q.relation_id, q.benefactor_id, q.created_at, q.fund_area, q.remaining
            from provider pr
            left join person pe on pe.person_id = :patient
            left join payment_code c on c.code_hash = :hash::bytea
            left join payment_device d on d.device_id = :device::bigint
            left join lateral (
                select q.quota_id, q.relation_id, q.benefactor_id, q.created_at, a.pooling_area as fund_area,
                       q.granted_fen - q.used_fen - q.held_fen - q.released_fen as remaining
                from quota q join account a on a.person_id = q.benefactor_id
                where q.beneficiary_id = :patient and q.status = 'ACTIVE'
                  and q.granted_fen - q.used_fen - q.held_fen - q.released_fen > 0) q on true
            where pr.provider_id = :provider""";

    /**
     * Every fact the rules of a payment look at ({@link #FACTS}), oldest grant first.
     *
     * @param year a contribution's year, else null (nothing is looked up)
     */
    public Mono<Facts> facts(String providerId, String patientId, PaymentCategory category, Integer year, CodeUse code) {
        return bindFacts(db.sql(FACTS + " order by q.created_at, q.quota_id"), providerId, patientId, category, year,
                code).map(FactRow::of).all().collectList().map(PaymentCall::facts);
    }

    /**
     * The same facts in a statement that also claims the payment's Idempotency-Key ({@code Idempotency.onceClaimedIn}):
     * the payment's first round trip. One row of nulls besides the claim's answer when the provider is unknown.
     */
    public Mono<Idempotency.FirstRead<Facts>> facts(ClaimClause claim, String providerId, String patientId,
            PaymentCategory category, Integer year, CodeUse code) {
        var spec = claim.bind(db.sql("with " + claim.with() + "\nselect " + claim.claimed()
                + ", f.* from (values (1)) as one (x) left join (" + FACTS + ") f on true"
                + "\norder by f.created_at, f.quota_id"));
        return bindFacts(spec, providerId, patientId, category, year, code)
                .map(row -> Map.entry(claim.claimedIn(row), FactRow.of(row))).all().collectList()
                .map(rows -> new Idempotency.FirstRead<>(rows.get(0).getKey(),
                        facts(rows.stream().map(Map.Entry::getValue).filter(r -> r.counter() != null).toList())));
    }

    private static DatabaseClient.GenericExecuteSpec bindFacts(DatabaseClient.GenericExecuteSpec spec, String providerId,
            String patientId, PaymentCategory category, Integer year, CodeUse code) {
        spec = spec.bind("provider", providerId).bind("patient", patientId).bind("category", category.name())
                .bind("from", code.fromStep());
        spec = year == null ? spec.bindNull("year", Integer.class) : spec.bind("year", year);
        spec = code.hash() == null ? spec.bindNull("hash", byte[].class) : spec.bind("hash", code.hash());
        return code.deviceId() == null ? spec.bindNull("device", Long.class) : spec.bind("device", code.deviceId());
    }

    private record FactRow(PaymentStore.Counter counter, CodeFacts code, boolean taken, Allocation.Source quota) {
        /** The row's facts; all null (the provider unknown: a row of the claim's statement only) when there is none. */
        static FactRow of(Readable row) {
            String type = row.get("type", String.class);
            if (type == null) {
                return new FactRow(null, null, false, null);
            }
            String scheme = row.get("scheme", String.class);
            PaymentStore.Counter counter = new PaymentStore.Counter(ProviderType.valueOf(type),
                    row.get("pooling_area", String.class), scheme == null ? null
                            : new CategoryRule.Insurance(Scheme.valueOf(scheme), row.get("patient_area", String.class),
                                    "ACTIVE".equals(row.get("status", String.class))));
            String codePerson = row.get("code_person", String.class);
            String devicePerson = row.get("device_person", String.class);
            Long[] used = row.get("device_used", Long[].class);
            CodeFacts code = new CodeFacts(
                    Optional.ofNullable(codePerson).map(p -> new StoredCode(p, row.get("code_expires", Instant.class),
                            row.get("code_used", Instant.class))),
                    Optional.ofNullable(devicePerson).map(p -> new StoredDevice(p, row.get("device_key", String.class),
                            row.get("device_revoked", Instant.class), used == null ? List.of() : Arrays.asList(used))));
            UUID quotaId = row.get("quota_id", UUID.class);
            Allocation.Source quota = quotaId == null ? null : new Allocation.Source(quotaId.toString(),
                    row.get("relation_id", String.class), row.get("benefactor_id", String.class),
                    row.get("fund_area", String.class), row.get("created_at", Instant.class),
                    row.get("remaining", Long.class));
            return new FactRow(counter, code, Boolean.TRUE.equals(row.get("taken", Boolean.class)), quota);
        }
    }

    private static Facts facts(List<FactRow> rows) {
        if (rows.isEmpty()) {
            return new Facts(Optional.empty(), new CodeFacts(Optional.empty(), Optional.empty()), false, List.of());
        }
        FactRow first = rows.get(0);
        return new Facts(Optional.of(first.counter()), first.code(), first.taken(),
                rows.stream().map(FactRow::quota).filter(q -> q != null).toList());
    }

    /** The Idempotency-Key a payment's call completes, and the answer it stores there. */
    public record Key(String callerId, String key, UUID owner, String answer) {
    }

    /**
     * The whole write of a payment in one call: the code used, each line's part taken from its quota (held, or used
     * for a direct capture), the payment and its lines, and for a capture ({@code move} not null) the accounts, the
     * journal entry and its postings and the event; the invariants asserted; the answer stored under the key.
     */
    public Mono<Outcome> pay(Key key, CodeUse code, PaymentHeader header, List<PaymentView.Line> lines, MoneyMove move,
            Outbox.Row event, boolean assertInvariants) {
        List<Posting> postings = move == null ? List.of() : move.postings();
        var accounts = move == null ? List.<String>of() : List.copyOf(move.accounts().keySet());
        var changes = move == null ? List.<MoneyMove.AccountChange>of() : List.copyOf(move.accounts().values());
        // The journal transaction's id, chosen here like every id of the call (V14: the journal is partitioned on it).
        UUID txId = move == null ? null : TimeOrderedUuid.next();
        var spec = db.sql("""
                        select wallet_pay(:caller, :key, :owner::uuid, :answer, :hash::bytea, :device::bigint, :step::bigint,
                            :id::uuid, :provider, :patient, :category, :year::int, :amount::bigint, :status, :spend,
                            :spendProvince, :now::timestamptz, :expires::timestamptz,
                            :quotas::uuid[], :relations::text[], :benefactors::text[], :parts::bigint[], :funds::text[],
                            :fundProvinces::text[], :scopes::text[],
                            :accounts::text[], :balances::bigint[], :frozen::bigint[],
                            'CAPTURE', :tx::uuid, :ledgers::text[], :persons::text[], :amounts::bigint[],
                            :eventId::uuid, :topic, :type, :envelope, :assert) as outcome""")
                .bind("caller", key.callerId()).bind("key", key.key()).bind("owner", key.owner())
                .bind("answer", key.answer())
                .bind("id", header.paymentId()).bind("provider", header.providerId()).bind("patient", header.patientId())
                .bind("category", header.category().name()).bind("amount", header.amountFen())
                .bind("status", header.status().name()).bind("spend", header.spendPoolingArea())
                .bind("spendProvince", AidScope.provinceOf(header.spendPoolingArea()))
                .bind("now", header.createdAt()).bind("expires", header.expiresAt())
                .bind("quotas", array(lines, PaymentView.Line::quotaId))
                .bind("relations", array(lines, PaymentView.Line::relationId))
                .bind("benefactors", array(lines, PaymentView.Line::benefactorId))
                .bind("parts", lines.stream().map(PaymentView.Line::amountFen).toArray(Long[]::new))
                .bind("funds", array(lines, PaymentView.Line::fundPoolingArea))
                .bind("fundProvinces", array(lines, PaymentView.Line::fundProvince))
                .bind("scopes", array(lines, l -> l.scope().name()))
                .bind("accounts", accounts.toArray(String[]::new))
                .bind("balances", changes.stream().map(MoneyMove.AccountChange::balanceFen).toArray(Long[]::new))
                .bind("frozen", changes.stream().map(MoneyMove.AccountChange::frozenFen).toArray(Long[]::new))
                .bind("ledgers", array(postings, p -> p.ledger().name()))
                // '' stands for "no person", as in ledger.store.Journal.
                .bind("persons", array(postings, p -> p.personId() == null ? "" : p.personId()))
                .bind("amounts", postings.stream().map(Posting::amountFen).toArray(Long[]::new))
                .bind("assert", assertInvariants);
        spec = txId == null ? spec.bindNull("tx", UUID.class) : spec.bind("tx", txId);
        spec = header.contributionYear() == null ? spec.bindNull("year", Integer.class)
                : spec.bind("year", header.contributionYear());
        spec = code.hash() == null ? spec.bindNull("hash", byte[].class).bind("device", code.deviceId())
                .bind("step", code.step())
                : spec.bind("hash", code.hash()).bindNull("device", Long.class).bindNull("step", Long.class);
        spec = event == null ? spec.bindNull("eventId", UUID.class).bindNull("topic", String.class)
                .bindNull("type", String.class).bindNull("envelope", String.class)
                : spec.bind("eventId", event.eventId()).bind("topic", event.topic()).bind("type", event.type())
                        .bind("envelope", event.envelope());
        return spec.map(row -> Outcome.valueOf(row.get("outcome", String.class))).one()
                .onErrorResume(e -> sqlState(e, KEY_LOST_STATE), e -> Mono.just(Outcome.KEY_LOST))
                .onErrorMap(e -> sqlState(e, INVARIANT_STATE), e -> {
                    log.error("ledger invariant broken in payment {}; rolled back: {}", header.paymentId(), e.getMessage());
                    // Not wrapped: the driver files an unknown SQLSTATE class as a resource failure, which would
                    // read as an outage (503) where this is a bug.
                    return new IllegalStateException("a payment would break a ledger invariant");
                });
    }

    /**
     * Whether the call failed with this SQLSTATE: MWKEY (its last statement found the key taken over) or MWINV (an
     * invariant would break: a bug, as the statement path's IllegalStateException); everything was rolled back.
     */
    private static boolean sqlState(Throwable error, String state) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r2dbc && state.equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private static <T> String[] array(List<T> items, Function<T, String> value) {
        return items.stream().map(value).toArray(String[]::new);
    }
}
