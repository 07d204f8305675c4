package cn.mutualaid.e2e.fault;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.client.api.ClearingPeriodsApi;
import cn.mutualaid.client.api.PaymentCodesApi;
import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.api.QuotasApi;
import cn.mutualaid.client.api.RelationshipsApi;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.client.model.QuotaRequest;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import cn.mutualaid.e2e.RunningMesh;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka broker stops (SIGTERM) and starts again while client threads pay and change quotas through the gateway,
 * and dissolve relationships while it is down. Afterwards: no event lost, no effect doubled. Every account is what the
 * successful calls imply, the month's settlement totals equal every captured payment of the run, the sagas all end
 * DISSOLVED and the ledger check is ok.
 */
@ExtendWith(RunningMesh.class)
class KafkaRestartIT {
    private static final String AREA = "340100";

    private final MeshClient mesh = RunningMesh.client();
    private final PaymentCodesApi codes = mesh.api(PaymentCodesApi::new);
    private final PaymentsApi payments = mesh.api(PaymentsApi::new);
    private final QuotasApi quotas = mesh.api(QuotasApi::new);
    private final RelationshipsApi relations = mesh.api(RelationshipsApi::new);
    private final Outcomes outcomes = new Outcomes();
    /** 0 before the broker stops, 1 while it is down, 2 after it is back. */
    private final AtomicInteger phase = new AtomicInteger();
    private final AtomicLongArray okByPhase = new AtomicLongArray(3);
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void noEventIsLostAndNoEffectDoubledWhenTheBrokerRestartsMidLoad() throws Exception {
        SagaScenario scenario = new SagaScenario(mesh, AREA);
        List<Family> families = scenario.families(4, 2);
        List<Driver> drivers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Family family : families) {
            // a provider per client: the gateway limits payments per caller
            Driver driver = new Driver(scenario.fx, family, scenario.fx.provider(AREA, "MEDICAL_INSTITUTION"));
            drivers.add(driver);
            Thread thread = new Thread(driver, "kafka-load-" + threads.size());
            thread.start();
            threads.add(thread);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> okByPhase.get(0) >= 20);
        Nemesis.Fault stopped = Nemesis.kill("kafka", "TERM");
        phase.set(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> okByPhase.get(1) >= 30
                && drivers.stream().allMatch(d -> d.dissolvedWhileDown != null));
        Nemesis.Fault started = Nemesis.start("kafka");
        phase.set(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> okByPhase.get(2) >= 20);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(90_000);
        }
        for (Driver driver : drivers) {
            assertThat(driver.failure).as("driver of %s", driver.family).isNull();
        }
        System.out.printf("[kafka-restart] calls that succeeded before/while down/after: %d/%d/%d; %s; broker down "
                + "%d ms + %d ms to be ready%n", okByPhase.get(0), okByPhase.get(1), okByPhase.get(2), outcomes,
                stopped.took().toMillis(), started.took().toMillis());
        assertThat(outcomes.unclean.get()).as("every refusal is problem+json").isZero();

        Fixtures fx = scenario.fx;
        for (Driver driver : drivers) {
            Family family = driver.family;
            for (String relation : family.relations.keySet()) {
                boolean dissolved = relation.equals(driver.dissolvedWhileDown);
                Reply view = mesh.until(() -> scenario.relation(family, relation),
                        r -> (dissolved ? "DISSOLVED" : "ACTIVE").equals(r.text("status")), SagaScenario.SETTLE);
                if (dissolved) {
                    assertThat(view.body().path("dissolution").path("releasedFen").asLong())
                            .as("released on %s", relation).isEqualTo(family.unusedFen(relation));
                }
            }
            long expectedFrozen = family.relations.keySet().stream().filter(r -> !r.equals(driver.dissolvedWhileDown))
                    .mapToLong(family::unusedFen).sum();
            Reply account = mesh.until(() -> fx.account(family.benefactor),
                    r -> r.fen("frozenFen") == expectedFrozen, SagaScenario.SETTLE);
            assertThat(account.fen("balanceFen")).as("balance of %s", family)
                    .isEqualTo(family.creditedFen - family.spentFen());
            assertThat(account.fen("frozenFen")).isEqualTo(expectedFrozen);
        }
        String period = Fixtures.currentPeriod();
        ClearingPeriodsApi periods = mesh.api(ClearingPeriodsApi::new);
        Reply month = mesh.until(() -> mesh.send(() -> periods.getPeriodWithHttpInfo(period, as(fx.clearing()))),
                r -> r.ok() && r.fen("totalFen") == Fixtures.SPENT_FEN.get() && r.fen("uses") == Fixtures.USES.get(),
                SagaScenario.SETTLE);
        System.out.printf("[kafka-restart] settlement %s: totalFen %d, uses %d = every captured payment of the run%n",
                period, month.fen("totalFen"), month.fen("uses"));
        SagaScenario.assertLedgerOk(mesh, fx);
    }

    /** One family's client: pays from a relative's quota or changes a quota, one call at a time. */
    private final class Driver implements Runnable {
        final Fixtures fx;
        final Family family;
        final String providerToken;
        final String benefactorToken;
        final Set<String> usable = new HashSet<>();
        volatile String dissolvedWhileDown;
        volatile Throwable failure;

        Driver(Fixtures fx, Family family, String provider) {
            this.fx = fx;
            this.family = family;
            this.providerToken = mesh.token(provider, null, "PROVIDER");
            this.benefactorToken = fx.insured(family.benefactor);
            usable.addAll(family.relations.keySet());
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    if (phase.get() == 1 && dissolvedWhileDown == null) {
                        dissolveOne();
                    } else if (ThreadLocalRandom.current().nextInt(10) < 6) {
                        pay();
                    } else {
                        changeQuota();
                    }
                }
            } catch (Throwable e) {
                failure = e;
                e.printStackTrace();
            }
        }

        private List<String> relations() {
            return List.copyOf(usable);
        }

        private String pick() {
            List<String> relations = relations();
            return relations.get(ThreadLocalRandom.current().nextInt(relations.size()));
        }

        /** The second relationship ends while the broker is down: the saga must wait for it. */
        private void dissolveOne() {
            String relation = new ArrayList<>(family.relations.keySet()).get(1);
            usable.remove(relation);
            Reply reply = outcomes.untilDefinite(() -> mesh.send(() -> relations.dissolveRelationWithHttpInfo(relation,
                    as(benefactorToken))), Duration.ofSeconds(60));
            assertThat(Outcomes.orFail(reply, "dissolve").status()).isEqualTo(202);
            dissolvedWhileDown = relation;
            okByPhase.incrementAndGet(phase.get());
        }

        private void pay() {
            String relation = pick();
            String patient = family.relations.get(relation);
            Reply code = outcomes.call(() -> mesh.send(() -> codes.issuePaymentCodeWithHttpInfo(
                    as(fx.insured(patient)))));
            if (code == null || code.status() != 201) {
                Outcomes.pause(100);
                return;
            }
            long amount = 100 + ThreadLocalRandom.current().nextLong(1_400);
            PaymentRequest body = Fixtures.payment(code.text("code"), patient, amount, "MEDICAL_INSTITUTION");
            String key = UUID.randomUUID().toString();
            Reply paid = Outcomes.orFail(outcomes.untilDefinite(() -> mesh.send(() -> payments.payPaymentWithHttpInfo(
                    body, key, as(providerToken))), Duration.ofSeconds(90)), "payment " + key);
            if (paid.status() == 201) {
                assertThat(paid.text("status")).isEqualTo("CAPTURED");
                family.usedFen.merge(relation, amount, Long::sum);
                Fixtures.SPENT_FEN.addAndGet(amount);
                Fixtures.USES.addAndGet(paid.body().path("lines").size());
                okByPhase.incrementAndGet(phase.get());
            } else {
                assertThat(paid.code()).as("refusal %s", paid.body()).isEqualTo("QUOTA_INSUFFICIENT");
            }
        }

        private void changeQuota() {
            String relation = pick();
            long total = family.usedFen.getOrDefault(relation, 0L) + 2_000
                    + ThreadLocalRandom.current().nextLong(20_000);
            Reply set = Outcomes.orFail(outcomes.untilDefinite(() -> mesh.send(() -> quotas.setQuotaWithHttpInfo(
                    relation, new QuotaRequest().amountFen(total), as(benefactorToken))), Duration.ofSeconds(90)),
                    "quota");
            assertThat(set.status()).as("quota change: %s", set.body()).isEqualTo(200);
            assertThat(set.fen("grantedFen")).isEqualTo(total);
            family.grantedFen.put(relation, total);
            okByPhase.incrementAndGet(phase.get());
        }
    }

    @AfterAll
    static void meshIsWhole() {
        Nemesis.ensureRunning();
    }
}
