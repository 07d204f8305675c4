package cn.mutualaid.wallet.payment.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotentRequest;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.code.domain.CodeUse;
import cn.mutualaid.wallet.payment.domain.Allocation;
import cn.mutualaid.wallet.payment.domain.MoneyMove;
import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentStatus;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * {@code wallet_pay} (V11) applies a plan only while the facts it was judged on still hold: a quota or a code that
 * changed after the facts were read, or a key another request took over, makes it write nothing and say so (STALE,
 * KEY_LOST), so the JVM judges again; a plan that still fits is written whole, the answer stored under the key. The
 * facts read in the statement that also claims the payment's key are the facts read alone.
 */
@MeshTest
class PaymentCallIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired PaymentCall call;
    @Autowired PaymentCodes codes;
    @Autowired Idempotency idempotency;
    Wallet w;
    String benefactor;
    String patient;
    String hospital;
    String relation;
    String code;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        benefactor = w.employee("320500", 10_000);
        patient = w.employee("320500", 0);
        hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        relation = w.quota(benefactor, patient, 5000);
        code = w.code(patient);
    }

    /** The facts of a captured payment of {@code fen}, its plan, and a key claimed for it. */
    private record Plan(PaymentCall.Key key, CodeUse code, PaymentHeader header, List<PaymentView.Line> lines,
            MoneyMove move) {
    }

    private Plan plan(long fen) {
        Instant now = Instant.now();
        PaymentCall.Facts facts = call.facts(hospital, patient, PaymentCategory.MEDICAL_INSTITUTION, null,
                codes.lookup(code, now, Optional.empty())).block();
        assertThat(facts.counter()).isPresent();
        assertThat(facts.code().stored()).isPresent();
        assertThat(facts.quotas()).hasSize(1);
        List<PaymentView.Line> lines = Allocation.lines(Allocation.allocate(fen, facts.quotas()), "320500");
        PaymentHeader header = new PaymentHeader(TimeOrderedUuid.next(), hospital, patient,
                PaymentCategory.MEDICAL_INSTITUTION, null, fen, PaymentStatus.CAPTURED, 0, "320500", now,
                now.plus(Duration.ofMinutes(15)), now, null, null);
        UUID owner = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        db.sql("""
                        insert into idempotency_key (caller_id, idem_key, operation, request_hash, created_at, owner,
                                                     locked_until)
                        values (:c, :k, 'AUTHORIZE', 'test', now(), :o, now() + interval '30 seconds')""")
                .bind("c", hospital).bind("k", key).bind("o", owner).fetch().rowsUpdated().block();
        return new Plan(new PaymentCall.Key(hospital, key, owner, "{\"paymentId\":\"" + header.paymentId() + "\"}"),
                codes.lookup(code, now, Optional.of(facts.code())), header, lines, MoneyMove.capture(lines));
    }

    private PaymentCall.Outcome pay(Plan plan) {
        return call.pay(plan.key(), plan.code(), plan.header(), plan.lines(), plan.move(), null, true).block();
    }

    private void assertNothingWritten(Plan plan, long[] quota, long[] account) {
        assertThat(w.count("select count(*) from payment where payment_id = :id", plan.header().paymentId())).isZero();
        assertThat(w.count("select count(*) from journal_tx where reference = :id",
                plan.header().paymentId().toString())).isZero();
        assertThat(w.quotaOf(relation)).containsExactly(quota);
        assertThat(w.account(benefactor)).containsExactly(account);
        assertThat(w.count("select count(*) from idempotency_key where idem_key = :id and response_body is null",
                plan.key().key())).isEqualTo(1);
        w.assertLedgerOk();
    }

    /** The facts as the payment's first statement reads them, with its key's claim: what the work is given. */
    private Optional<PaymentCall.Facts> factsWithClaim(String provider) {
        AtomicReference<Optional<PaymentCall.Facts>> given = new AtomicReference<>();
        String key = UUID.randomUUID().toString();
        idempotency.onceClaimedIn(provider, key, IdempotentRequest.on("PROBE", key), String.class,
                claim -> call.facts(claim, provider, patient, PaymentCategory.MEDICAL_INSTITUTION, null,
                        codes.lookup(code, Instant.now(), Optional.empty())),
                (held, read) -> {
                    given.set(read);
                    return held.inTransaction(() -> Mono.just("done"));
                }).block();
        assertThat(w.count("select count(*) from idempotency_key where idem_key = :id and response_body is not null",
                key)).as("claimed by the facts statement, answered").isEqualTo(1);
        return given.get();
    }

    @Test
    void theFactsReadWithTheKeysClaimAreTheFactsReadAlone() {
        PaymentCall.Facts alone = call.facts(hospital, patient, PaymentCategory.MEDICAL_INSTITUTION, null,
                codes.lookup(code, Instant.now(), Optional.empty())).block();
        w.quota(w.employee("320500", 10_000), patient, 700);
        PaymentCall.Facts twoQuotas = call.facts(hospital, patient, PaymentCategory.MEDICAL_INSTITUTION, null,
                codes.lookup(code, Instant.now(), Optional.empty())).block();
        assertThat(twoQuotas.quotas()).hasSize(2).isNotEqualTo(alone.quotas());

        assertThat(factsWithClaim(hospital)).contains(twoQuotas);
        // An unknown provider: the claim's row alone, no facts (PROVIDER_NOT_DESIGNATED, as without the claim).
        PaymentCall.Facts none = factsWithClaim("no-such-provider").orElseThrow();
        assertThat(none.counter()).isEmpty();
        assertThat(none.quotas()).isEmpty();
        assertThat(none).isEqualTo(call.facts("no-such-provider", patient, PaymentCategory.MEDICAL_INSTITUTION, null,
                codes.lookup(code, Instant.now(), Optional.empty())).block());
    }

    @Test
    void aQuotaSpentMeanwhileIsStaleAndNothingIsWritten() {
        Plan plan = plan(3000);
        w.paid(hospital, patient, 2500, PaymentCategory.MEDICAL_INSTITUTION, true);
        long[] quota = w.quotaOf(relation);
        long[] account = w.account(benefactor);

        assertThat(pay(plan)).isEqualTo(PaymentCall.Outcome.STALE);
        assertNothingWritten(plan, quota, account);
        assertThat(w.count("select count(*) from payment_code where person_id = :id and used_at is null", patient))
                .as("the plan's code is still unused").isEqualTo(1);
    }

    @Test
    void aCodeUsedMeanwhileIsStaleAndNothingIsWritten() {
        Plan plan = plan(1200);
        db.sql("update payment_code set used_at = now() where person_id = :p").bind("p", patient)
                .fetch().rowsUpdated().block();
        long[] quota = w.quotaOf(relation);
        long[] account = w.account(benefactor);

        assertThat(pay(plan)).isEqualTo(PaymentCall.Outcome.STALE);
        assertNothingWritten(plan, quota, account);
    }

    @Test
    void aKeyTakenOverMeanwhileWritesNothing() {
        Plan plan = plan(1200);
        db.sql("update idempotency_key set owner = :o where idem_key = :k").bind("o", UUID.randomUUID())
                .bind("k", plan.key().key()).fetch().rowsUpdated().block();
        long[] quota = w.quotaOf(relation);
        long[] account = w.account(benefactor);

        assertThat(pay(plan)).isEqualTo(PaymentCall.Outcome.KEY_LOST);
        assertNothingWritten(plan, quota, account);
        assertThat(w.count("select count(*) from payment_code where person_id = :id and used_at is null", patient))
                .isEqualTo(1);
    }

    @Test
    void aPlanThatStillFitsIsWrittenWholeInOneCall() {
        Plan plan = plan(1200);
        long[] account = w.account(benefactor);

        assertThat(pay(plan)).isEqualTo(PaymentCall.Outcome.DONE);
        assertThat(w.count("select count(*) from payment where payment_id = :id and status = 'CAPTURED'",
                plan.header().paymentId())).isEqualTo(1);
        assertThat(w.quotaOf(relation)).containsExactly(5000, 1200, 0, 0);
        assertThat(w.account(benefactor)).containsExactly(account[0] - 1200, account[1] - 1200);
        assertThat(w.count("select count(*) from posting p join journal_tx t on t.tx_id = p.tx_id where t.reference = :id",
                plan.header().paymentId().toString())).isEqualTo(2);
        assertThat(w.count("select count(*) from payment_code where person_id = :id and used_at is null", patient))
                .isZero();
        assertThat(w.count("select count(*) from idempotency_key where idem_key = :id and response_body is not null",
                plan.key().key())).isEqualTo(1);
        w.assertLedgerOk();
    }
}
