package cn.mutualaid.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.e2e.RunningMesh;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kill -9 of the wallet while dissolution sagas are in flight: some triggered just before the kill (racing it), some
 * while the wallet is down (they cannot finish until it is back). After {@code ./mesh start wallet} every quota comes
 * back exactly once.
 */
@ExtendWith(RunningMesh.class)
class WalletCrashIT {

    @Test
    void sagasInFlightWhenTheWalletIsKilledReturnEveryQuotaExactlyOnce() {
        long t0 = System.nanoTime();
        SagaScenario scenario = new SagaScenario(RunningMesh.client(), "320500");
        List<Family> families = scenario.families(4, 3);
        System.out.printf("[wallet-crash] %d families, %d relationships with quotas set up in %d ms%n",
                families.size(), SagaScenario.relationships(families), (System.nanoTime() - t0) / 1_000_000);

        // racing the kill: a transfer (three sagas, then the account moves) and three dissolve requests
        CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
            scenario.transfer(families.get(0), "320200");
            scenario.dissolveAll(families.get(1));
        });
        Nemesis.kill("wallet", "KILL");
        racing.join();
        // while the wallet is down: these sagas can only be waiting
        scenario.dissolveAll(families.get(2));
        scenario.transfer(families.get(3), "320100");
        long waiting = scenario.inFlight(families);
        System.out.printf("[wallet-crash] wallet down; %d of %d sagas not finished%n", waiting,
                SagaScenario.relationships(families));
        assertThat(waiting).as("the sagas started while the wallet is down are waiting")
                .isGreaterThanOrEqualTo(families.get(2).relations.size());
        for (String relation : families.get(2).relations.keySet()) {
            assertThat(scenario.relation(families.get(2), relation).text("status")).isEqualTo("DISSOLVING");
        }

        Nemesis.start("wallet");
        long restarted = System.nanoTime();
        scenario.assertReturnedExactlyOnce(families,
                Map.of(families.get(0), "320200", families.get(3), "320100"));
        System.out.printf("[wallet-crash] every quota returned exactly once, %d ms after the wallet was ready; "
                + "total %d ms%n", (System.nanoTime() - restarted) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void meshIsWhole() {
        Nemesis.ensureRunning();
    }
}
