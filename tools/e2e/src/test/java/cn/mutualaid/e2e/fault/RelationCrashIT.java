package cn.mutualaid.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.e2e.RunningMesh;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kill -9 of relation-service, the saga's orchestrator, while sagas are in flight: dissolve requests and a transfer
 * just before the kill, a transfer and a termination while it is down (the registry's events wait in Kafka, the
 * wallet's replies too). After {@code ./mesh start relation} every quota comes back exactly once.
 */
@ExtendWith(RunningMesh.class)
class RelationCrashIT {

    @Test
    void sagasInFlightWhenTheOrchestratorIsKilledReturnEveryQuotaExactlyOnce() {
        long t0 = System.nanoTime();
        SagaScenario scenario = new SagaScenario(RunningMesh.client(), "330100");
        List<Family> families = scenario.families(4, 3);
        System.out.printf("[relation-crash] %d families, %d relationships with quotas set up in %d ms%n",
                families.size(), SagaScenario.relationships(families), (System.nanoTime() - t0) / 1_000_000);

        // answered 202 (the saga is STARTED), then the orchestrator dies at once
        scenario.dissolveAll(families.get(0));
        scenario.transfer(families.get(1), "330200");
        Nemesis.kill("relation", "KILL");
        // while the orchestrator is down: the registry's events for these wait in Kafka
        scenario.transfer(families.get(2), "330200");
        scenario.terminate(families.get(3));
        assertThat(scenario.relation(families.get(2), families.get(2).relations.keySet().iterator().next()).ok())
                .as("relation-service is down").isFalse();

        Nemesis.start("relation");
        long restarted = System.nanoTime();
        long waiting = scenario.inFlight(families);
        System.out.printf("[relation-crash] relation-service back; %d of %d sagas not finished yet%n", waiting,
                SagaScenario.relationships(families));
        scenario.assertReturnedExactlyOnce(families, Map.of(families.get(1), "330200", families.get(2), "330200"));
        System.out.printf("[relation-crash] every quota returned exactly once, %d ms after relation-service was "
                + "ready; total %d ms%n", (System.nanoTime() - restarted) / 1_000_000,
                (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void meshIsWhole() {
        Nemesis.ensureRunning();
    }
}
