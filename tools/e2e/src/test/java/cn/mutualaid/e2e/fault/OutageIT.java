package cn.mutualaid.e2e.fault;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.client.api.ParkedMessageControllerApi;
import cn.mutualaid.client.api.PersonalAccountsApi;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import cn.mutualaid.e2e.RunningMesh;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outages longer than any retry budget (the binder used to park a message after about a minute of failures): the
 * wallet's database, then the Kafka broker, unavailable while the registry and relation-service go on producing
 * events, a transfer and a termination among them. Afterwards every event is applied, nothing is parked, every saga
 * is DISSOLVED with the exact unused quota, the transferred account is in its new area and the ledger check is ok.
 *
 * <p>The outage lasts {@code -Dmesh.e2e.outage-seconds} (default 70: past the old one-minute budget while keeping
 * the default test command's time bounded; the two minutes is {@code -Dmesh.e2e.outage-seconds=120}).
 */
@ExtendWith(RunningMesh.class)
class OutageIT {
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("mesh.e2e.outage-seconds", 70));
    private static final String WALLET = "wallet";

    private final MeshClient mesh = RunningMesh.client();

    @Test
    void theWalletsDatabaseAwayForLongerThanAnyRetryBudgetLosesNothingAndParksNothing() throws Exception {
        SagaScenario scenario = new SagaScenario(mesh, "360100");
        Fixtures fx = scenario.fx;
        List<Family> families = scenario.families(2, 2);
        Family moving = families.get(0);
        Family leaving = families.get(1);

        long t0 = System.nanoTime();
        walletDatabase(false);
        String joined;
        try {
            // The registry and relation-service carry on: their events and the saga's commands wait in Kafka.
            scenario.transfer(moving, "450100");
            scenario.terminate(leaving);
            // Not activated: that would need the wallet, whose database is away.
            joined = fx.inactivePerson("360100", "EMPLOYEE");
            Thread.sleep(remaining(t0));
        } finally {
            walletDatabase(true);
        }
        System.out.printf("[outage] wallet database refused connections for %d s%n",
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());

        scenario.assertReturnedExactlyOnce(families, Map.of(moving, "450100"));
        PersonalAccountsApi accounts = mesh.api(PersonalAccountsApi::new);
        mesh.until(() -> mesh.send(() -> accounts.getAccountWithHttpInfo(joined, as(fx.agency("360100")))), Reply::ok,
                SagaScenario.SETTLE);
        assertNothingParked(fx);
    }

    @Test
    void theBrokerAwayForLongerThanAnyRetryBudgetLosesNothingAndParksNothing() throws Exception {
        SagaScenario scenario = new SagaScenario(mesh, "530100");
        Fixtures fx = scenario.fx;
        List<Family> families = scenario.families(2, 2);
        Family moving = families.get(0);
        Family leaving = families.get(1);

        long t0 = System.nanoTime();
        Nemesis.Fault stopped = Nemesis.kill("kafka", "TERM");
        Nemesis.Fault started;
        try {
            // Accepted while the broker is away: the changes and their events wait in the registry's outbox.
            scenario.transfer(moving, "450100");
            scenario.terminate(leaving);
            Thread.sleep(remaining(t0));
        } finally {
            started = Nemesis.start("kafka");
        }
        System.out.printf("[outage] broker away for %d s (stop %d ms, start %d ms)%n",
                Duration.ofNanos(System.nanoTime() - t0).toSeconds(), stopped.took().toMillis(),
                started.took().toMillis());

        scenario.assertReturnedExactlyOnce(families, Map.of(moving, "450100"));
        assertNothingParked(fx);
    }

    private static long remaining(long startNanos) {
        return Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    /** Every consuming service's parked messages, as ADMIN sees them: none. */
    private void assertNothingParked(Fixtures fx) {
        ParkedMessageControllerApi parkedMessages = mesh.api(ParkedMessageControllerApi::new);
        for (String service : List.of("relation", WALLET, "settlement")) {
            Reply parked = mesh.until(() -> mesh.send(() -> parkedMessages.listParkedMessageWithHttpInfo(service, null,
                    null, null, as(fx.admin()))), Reply::ok, Duration.ofSeconds(60));
            assertThat(parked.body().size()).as("parked in %s: %s", service, parked.body()).isZero();
        }
    }

    /**
     * The wallet's database stops taking connections and loses the ones it had, as when its server is away; the
     * registry's and relation-service's databases (same server in the launcher's mesh) stay up.
     */
    private static void walletDatabase(boolean available) throws SQLException {
        String database = RunningMesh.database(WALLET);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + RunningMesh.PG_PORT
                + "/postgres", "postgres", ""); var st = c.createStatement()) {
            st.execute("alter database " + database + " allow_connections " + available);
            if (!available) {
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
            }
        }
    }

    @AfterAll
    static void meshIsWhole() throws SQLException {
        walletDatabase(true);
        Nemesis.ensureRunning();
    }
}
