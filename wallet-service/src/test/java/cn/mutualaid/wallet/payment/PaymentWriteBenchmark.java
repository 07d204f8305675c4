package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.platform.idempotency.IdempotencyProperties;
import cn.mutualaid.platform.idempotency.IdempotencyStore;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.store.TransactionRunner;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import cn.mutualaid.wallet.payment.store.PaymentCall;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * The wallet's own CPU per captured payment on each write path, side by side in one JVM (no gateway, no HTTP): the
 * same {@link PaymentAuthorizations} with mesh.wallet.payment-write function (the key's claim folded into the facts
 * statement: two round trips), function with mesh.idempotency.fold-claim=false (the claim on its own: three) and
 * statements, alternating rounds after a warm-up of each, 8 payments at a time, each on its own beneficiary with a payment code stored beforehand. Process
 * CPU (all threads, the relay and consumers included) over each round / payments. Left out of the test run (tag
 * "benchmark"); run it with {@code -Dtest=PaymentWriteBenchmark -DexcludedGroups=none}.
 */
@MeshTest
@Tag("benchmark")
class PaymentWriteBenchmark {
    private static final int FAMILIES = 400;
    private static final int ROUND = 400;
    private static final int CONCURRENCY = 8;
    @Autowired DatabaseClient db;
    @Autowired PaymentAuthorizations function;
    @Autowired PaymentStore store;
    @Autowired PaymentCall call;
    @Autowired Idempotency idempotency;
    @Autowired IdempotencyStore idempotencyStore;
    @Autowired IdempotencyProperties idempotencyProperties;
    @Autowired TransactionRunner tx;
    @Autowired PaymentEvaluator evaluator;
    @Autowired PaymentCodes codes;
    @Autowired PaymentCaptures captures;
    @Autowired Outbox outbox;
    @Autowired Clock clock;
    @Autowired WalletProperties properties;
    @Autowired MeterRegistry meters;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private int codeNo;

    @Test
    void cpuPerPaymentOnEachPath() {
        assertThat(properties.paymentWrite()).isEqualTo(WalletProperties.PaymentWrite.FUNCTION);
        WalletProperties p = properties;
        PaymentAuthorizations statements = new PaymentAuthorizations(store, call, idempotency, evaluator, codes,
                captures, outbox, clock, new WalletProperties(p.paymentCodeTtl(), p.holdTtl(), p.holdSweepInterval(),
                        p.assertInvariants(), p.fourEyesFen(), p.ledgerCheck(), WalletProperties.PaymentWrite.STATEMENTS),
                meters);
        IdempotencyProperties i = idempotencyProperties;
        assertThat(i.foldClaim()).isTrue();
        PaymentAuthorizations ownClaim = new PaymentAuthorizations(store, call,
                new Idempotency(idempotencyStore, tx, clock, new IdempotencyProperties(i.retention(), i.lease(),
                        i.purgeInterval(), false)),
                evaluator, codes, captures, outbox, clock, properties, meters);
        seed();
        Map<String, PaymentAuthorizations> paths = Map.of("function", function, "function-own-claim", ownClaim,
                "statements", statements);
        List<String> order = List.of("function", "function-own-claim", "statements");
        for (int warm = 0; warm < 2; warm++) {
            for (String path : order) {
                round(paths.get(path), codes());
            }
        }
        for (String path : Collections.nCopies(3, order).stream().flatMap(List::stream).toList()) {
            List<String[]> payments = codes();
            long cpu = cpuNanos();
            long started = System.nanoTime();
            round(paths.get(path), payments);
            double cpuMs = (cpuNanos() - cpu) / 1e6 / ROUND;
            double perSecond = ROUND / ((System.nanoTime() - started) / 1e9);
            LoggerFactory.getLogger(getClass()).info("payment-write={}: {} ms CPU per payment, {} payments/s",
                    path, String.format("%.2f", cpuMs), String.format("%.0f", perSecond));
        }
    }

    private List<String[]> codes() {
        return IntStream.range(0, ROUND).mapToObj(i -> code(i % FAMILIES)).toList();
    }

    private void round(PaymentAuthorizations authorizations, List<String[]> payments) {
        Long done = Flux.fromIterable(payments)
                .flatMap(pc -> authorizations.create("bprov-" + run, UUID.randomUUID().toString(),
                        new PaymentOrder(pc[1], pc[0], 1200, PaymentCategory.MEDICAL_INSTITUTION, null, true)),
                        CONCURRENCY)
                .count().block();
        assertThat(done).isEqualTo(ROUND);
    }

    /** A stored online code for beneficiary {@code n}: [patient, code]. */
    private String[] code(int n) {
        String patient = "bben-" + run + "-" + n;
        String code = "bench-code-" + run + "-" + codeNo++;
        db.sql("insert into payment_code (code_hash, person_id, created_at, expires_at) values (:h, :p, now(), now() + interval '1 hour')")
                .bind("h", PaymentCodes.hash(code)).bind("p", patient).fetch().rowsUpdated().block();
        return new String[] {patient, code};
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** As tools/load/bench/seed.sql: beneficiaries each aided by one benefactor through one ACTIVE quota; a hospital. */
    private void seed() {
        String r = run;
        for (String sql : List.of(
                "insert into person (person_id, scheme, pooling_area, status, updated_at) select 'bben-" + r
                        + "-' || g, 'RESIDENT', '320500', 'ACTIVE', now() from generate_series(0, :n) g union all select 'bbf-"
                        + r + "-' || g, 'EMPLOYEE', '320500', 'ACTIVE', now() from generate_series(0, :n) g",
                "insert into provider (provider_id, name, type, pooling_area, updated_at) select 'bprov-" + r
                        + "', 'hospital', 'MEDICAL_INSTITUTION', '320500', now() where :n >= 0",
                "insert into account (person_id, pooling_area, balance_fen, frozen_fen, created_at) select 'bbf-" + r
                        + "-' || g, '320500', 100000000000, 100000000000, now() from generate_series(0, :n) g",
                "insert into relation (relation_id, benefactor_id, beneficiary_id, scope, status, updated_at) select 'brel-"
                        + r + "-' || g, 'bbf-" + r + "-' || g, 'bben-" + r + "-' || g, 'SAME_AREA', 'ACTIVE', now() from generate_series(0, :n) g",
                "insert into quota (quota_id, relation_id, benefactor_id, beneficiary_id, granted_fen, status, created_at, updated_at)"
                        + " select gen_random_uuid(), 'brel-" + r + "-' || g, 'bbf-" + r + "-' || g, 'bben-" + r
                        + "-' || g, 100000000000, 'ACTIVE', now(), now() from generate_series(0, :n) g")) {
            db.sql(sql).bind("n", FAMILIES - 1).fetch().rowsUpdated().block();
        }
    }
}
