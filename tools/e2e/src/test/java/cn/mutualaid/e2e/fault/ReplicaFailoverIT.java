package cn.mutualaid.e2e.fault;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.client.api.ClearingPeriodsApi;
import cn.mutualaid.client.api.PaymentCodesApi;
import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import cn.mutualaid.e2e.RunningMesh;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The wallet runs as two instances behind the gateway ({@code RunningMesh}: {@code --replicas wallet=2}); one of them
 * is killed with SIGKILL while clients pay through the gateway, each payment with its own Idempotency-Key. Every
 * answer is final (201, 422) or one to retry with the same key (502, 503; 409 IDEMPOTENCY_KEY_IN_FLIGHT while the dead
 * instance's claim on a key runs out; 429 from the gateway's rate limit), and the clients retry until it is final.
 * Afterwards: no fen lost or doubled (each benefactor's balance is credits minus the captured payments, the ledger
 * check is ok), each key names exactly one payment (its replay answers the same payment), and the survivor took the
 * dead instance's Kafka partitions: relationships made after the kill reach the wallet, and the month's settlement
 * totals count every captured payment.
 */
@ExtendWith(RunningMesh.class)
class ReplicaFailoverIT {
    private static final String AREA = "610100";
    private static final String VICTIM = "wallet-2";
    private static final Set<Integer> RETRIABLE = Set.of(502, 503, 409, 429);
    private static final long QUOTA_FEN = 80_000;

    private final MeshClient mesh = RunningMesh.client();
    private final PaymentCodesApi codes = mesh.api(PaymentCodesApi::new);
    private final PaymentsApi payments = mesh.api(PaymentsApi::new);
    private final Outcomes outcomes = new Outcomes();
    /** 0 before the kill, 1 after it. */
    private final AtomicInteger phase = new AtomicInteger();
    private final AtomicLongArray paidByPhase = new AtomicLongArray(2);
    private final AtomicBoolean stop = new AtomicBoolean();
    /** Idempotency-Key → the payment its 201 named. */
    private final Map<String, Payment> paid = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> unexpected = new ConcurrentHashMap<>();

    record Payment(String providerToken, PaymentRequest body, String paymentId) {
    }

    @Test
    void paymentsThroughTheGatewayLoseAndDoubleNothingWhenOneWalletInstanceIsKilled() throws Exception {
        long t0 = System.nanoTime();
        assertThat(RunningMesh.mesh("status").output()).as("the mesh runs two wallet instances")
                .contains("wallet-1", VICTIM);
        SagaScenario scenario = new SagaScenario(mesh, AREA);
        Fixtures fx = scenario.fx;
        List<Family> families = scenario.families(3, 2);
        for (Family family : families) {
            for (String relation : family.relations.keySet()) {
                assertThat(fx.quota(family.benefactor, relation, QUOTA_FEN).fen("grantedFen")).isEqualTo(QUOTA_FEN);
                family.grantedFen.put(relation, QUOTA_FEN);
            }
        }
        List<Driver> drivers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Family family : families) {
            Driver driver = new Driver(fx, family, fx.provider(AREA, "MEDICAL_INSTITUTION"));
            drivers.add(driver);
            Thread thread = new Thread(driver, "replica-load-" + threads.size());
            thread.start();
            threads.add(thread);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> paidByPhase.get(0) >= 20);
        Nemesis.Fault killed = Nemesis.kill(VICTIM, "KILL");
        phase.set(1);
        // Relationships made after the kill: the wallet learns of them from relation.events, whichever partition
        // their key falls on, so the survivor must have taken the dead instance's partitions.
        List<Family> joined = new ArrayList<>();
        for (Family family : families) {
            joined.add(newRelationship(scenario, family));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> paidByPhase.get(1) >= 30);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        for (Driver driver : drivers) {
            assertThat(driver.failure).as("client of %s", driver.family).isNull();
        }
        System.out.printf("[replica] payments captured before/after the kill of %s: %d/%d; %s; kill took %d ms%n",
                VICTIM, paidByPhase.get(0), paidByPhase.get(1), outcomes, killed.took().toMillis());
        assertThat(unexpected).as("answers neither final nor retriable (status → count)").isEmpty();
        assertThat(outcomes.unclean.get()).as("every refusal is problem+json").isZero();

        // each key names exactly one payment: its replay answers the same one
        Set<String> ids = ConcurrentHashMap.newKeySet();
        paid.forEach((key, payment) -> {
            Reply replay = Outcomes.orFail(outcomes.untilDefinite(() -> mesh.send(() -> payments.payPaymentWithHttpInfo(
                    payment.body(), key, as(payment.providerToken()))), Duration.ofSeconds(60)), "replay of " + key);
            assertThat(replay.status()).as("replay of %s", key).isEqualTo(201);
            assertThat(replay.text("paymentId")).as("replay of %s", key).isEqualTo(payment.paymentId());
            ids.add(payment.paymentId());
        });
        assertThat(ids).as("one payment per key").hasSize(paid.size());

        // no fen lost or doubled: what left each account is what was captured from it
        long captured = 0;
        long left = 0;
        for (Family family : families) {
            Reply account = mesh.until(() -> fx.account(family.benefactor),
                    r -> r.fen("balanceFen") == family.creditedFen - family.spentFen(), SagaScenario.SETTLE);
            captured += family.spentFen();
            left += family.creditedFen - account.fen("balanceFen");
            assertThat(account.fen("balanceFen")).as("balance of %s", family)
                    .isEqualTo(family.creditedFen - family.spentFen());
            long unused = family.relations.keySet().stream().mapToLong(family::unusedFen).sum();
            assertThat(account.fen("frozenFen")).as("frozen of %s", family).isEqualTo(unused);
        }
        assertThat(left).as("money that left the accounts = captured payments").isEqualTo(captured);
        String period = Fixtures.currentPeriod();
        ClearingPeriodsApi periods = mesh.api(ClearingPeriodsApi::new);
        Reply month = mesh.until(() -> mesh.send(() -> periods.getPeriodWithHttpInfo(period, as(fx.clearing()))),
                r -> r.ok() && r.fen("totalFen") == Fixtures.SPENT_FEN.get() && r.fen("uses") == Fixtures.USES.get(),
                SagaScenario.SETTLE);
        System.out.printf("[replica] %d keys, %d payments; %d fen captured = %d fen left the accounts; %d relationships "
                + "made after the kill reached the wallet; settlement %s: totalFen %d, uses %d = every captured payment; "
                + "%d ms in all%n", paid.size(), ids.size(), captured, left, joined.size(), period,
                month.fen("totalFen"), month.fen("uses"), (System.nanoTime() - t0) / 1_000_000);
        SagaScenario.assertLedgerOk(mesh, fx);
    }

    /** A new relative of the family, aided with a quota and paid for: proof that the wallet consumed the event. */
    private Family newRelationship(SagaScenario scenario, Family family) {
        Fixtures fx = scenario.fx;
        String relative = fx.person(AREA, "RESIDENT");
        fx.kinship(AREA, family.benefactor, relative, "SIBLING");
        String relation = fx.relation(AREA, family.benefactor, relative, "SIBLING");
        long quota = 5_000;
        assertThat(fx.quota(family.benefactor, relation, quota).fen("grantedFen")).isEqualTo(quota);
        synchronized (family) {
            family.relations.put(relation, relative);
            family.grantedFen.put(relation, quota);
        }
        return family;
    }

    /** One family's client: pays from a relative's quota, one payment at a time, each with its own key. */
    private final class Driver implements Runnable {
        final Fixtures fx;
        final Family family;
        final String providerToken;
        /** relationId → relative, as set up before the load (relationships added later are not paid here). */
        final Map<String, String> relatives;
        final List<String> relations;
        volatile Throwable failure;

        Driver(Fixtures fx, Family family, String provider) {
            this.fx = fx;
            this.family = family;
            this.providerToken = mesh.token(provider, null, "PROVIDER");
            this.relatives = Map.copyOf(family.relations);
            this.relations = List.copyOf(relatives.keySet());
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    pay();
                }
            } catch (Throwable e) {
                failure = e;
                e.printStackTrace();
            }
        }

        private void pay() {
            String relation = relations.get(ThreadLocalRandom.current().nextInt(relations.size()));
            String patient = relatives.get(relation);
            Reply code = outcomes.call(() -> mesh.send(() -> codes.issuePaymentCodeWithHttpInfo(
                    as(fx.insured(patient)))));
            if (code == null || code.status() != 201) {
                Outcomes.pause(100);
                return;
            }
            long amount = 100 + ThreadLocalRandom.current().nextLong(1_400);
            PaymentRequest body = Fixtures.payment(code.text("code"), patient, amount, "MEDICAL_INSTITUTION");
            String key = UUID.randomUUID().toString();
            Reply answer = Outcomes.orFail(outcomes.untilDefinite(() -> classified(mesh.send(
                    () -> payments.payPaymentWithHttpInfo(body, key, as(providerToken)))), Duration.ofSeconds(90)),
                    "payment " + key);
            if (answer.status() == 201) {
                assertThat(answer.text("status")).isEqualTo("CAPTURED");
                paid.put(key, new Payment(providerToken, body, answer.text("paymentId")));
                synchronized (family) {
                    family.usedFen.merge(relation, amount, Long::sum);
                }
                Fixtures.SPENT_FEN.addAndGet(amount);
                Fixtures.USES.addAndGet(answer.body().path("lines").size());
                paidByPhase.incrementAndGet(phase.get());
            } else {
                assertThat(answer.status()).as("refusal %s", answer.body()).isEqualTo(422);
            }
        }

        /** Notes an answer that is neither final (201, 422) nor one to retry with the same key. */
        private Reply classified(Reply reply) {
            boolean inFlight = reply.status() != 409 || "IDEMPOTENCY_KEY_IN_FLIGHT".equals(reply.code());
            if (reply.status() != 201 && reply.status() != 422 && !(RETRIABLE.contains(reply.status()) && inFlight)) {
                unexpected.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                System.out.println("[replica] unexpected answer " + reply.status() + " " + reply.body());
            }
            return reply;
        }
    }

    @AfterAll
    static void meshIsWhole() {
        Nemesis.ensureRunning();
    }
}
