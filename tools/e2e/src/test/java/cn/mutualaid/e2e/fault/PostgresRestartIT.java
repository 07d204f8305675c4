package cn.mutualaid.e2e.fault;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.client.api.PaymentCodesApi;
import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.api.PersonalAccountsApi;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import cn.mutualaid.e2e.RunningMesh;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mesh's PostgreSQL stops (fast shutdown) and starts again under the running services. They recover by
 * themselves: readiness comes back, a payment succeeds and a saga completes, with no service restarted.
 */
@ExtendWith(RunningMesh.class)
class PostgresRestartIT {
    private static final List<String> SERVICES = List.of("registry", "relation", "wallet", "settlement");
    private final MeshClient mesh = RunningMesh.client();
    private final Outcomes outcomes = new Outcomes();

    @Test
    void servicesRecoverByThemselvesAfterPostgresRestarts() {
        SagaScenario scenario = new SagaScenario(mesh, "420100");
        Fixtures fx = scenario.fx;
        Family family = scenario.families(1, 2).get(0);
        String provider = fx.provider("420100", "MEDICAL_INSTITUTION");
        Map<String, String> pidsBefore = pids();

        Nemesis.Fault stopped = Nemesis.kill("postgres", "TERM");
        String owner = fx.insured(family.benefactor);
        Reply during = outcomes.call(() -> mesh.send(() -> mesh.api(PersonalAccountsApi::new)
                .getAccountWithHttpInfo(family.benefactor, as(owner))));
        System.out.println("[postgres-restart] while PostgreSQL is down, GET account answered "
                + (during == null ? "nothing" : during.status() + " " + during.body()));
        if (during != null) {
            assertThat(during.ok()).as("an answer without the database").isFalse();
            assertThat(Outcomes.isProblem(during)).as("problem+json: %s", during.body()).isTrue();
        }
        Nemesis.Fault started = Nemesis.start("postgres");
        Instant back = Instant.now();

        Map<String, Long> readyAfter = new LinkedHashMap<>();
        for (String service : SERVICES) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> readiness(service) == 200);
            readyAfter.put(service, Duration.between(back, Instant.now()).toMillis());
        }
        long paid = payOnce(fx, provider, family.relatives.get(0), 2_500);
        long paidAt = Duration.between(back, Instant.now()).toMillis();
        family.usedFen.merge(family.relations.keySet().iterator().next(), paid, Long::sum);
        scenario.dissolveAll(family);
        scenario.assertReturnedExactlyOnce(List.of(family), Map.of());
        assertThat(pids()).as("no service was restarted").isEqualTo(pidsBefore);
        System.out.printf("[postgres-restart] down in %d ms, up again in %d ms; readiness back after %s ms; "
                + "a payment succeeded %d ms after the restart; %s%n", stopped.took().toMillis(),
                started.took().toMillis(), readyAfter, paidAt, outcomes);
    }

    /**
     * One payment, by one code and one Idempotency-Key replayed until the answer is definite (a 5xx may have been
     * committed or not: the replay tells). A new code only when the old one expired meanwhile.
     */
    private long payOnce(Fixtures fx, String provider, String patient, long amount) {
        String token = mesh.token(provider, null, "PROVIDER");
        PaymentCodesApi codes = mesh.api(PaymentCodesApi::new);
        PaymentsApi payments = mesh.api(PaymentsApi::new);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            Reply code = outcomes.untilDefinite(() -> mesh.send(() -> codes.issuePaymentCodeWithHttpInfo(
                    as(fx.insured(patient)))), Duration.ofSeconds(60));
            if (code == null || code.status() != 201) {
                continue;
            }
            String key = UUID.randomUUID().toString();
            PaymentRequest body = Fixtures.payment(code.text("code"), patient, amount, "MEDICAL_INSTITUTION");
            Reply paid = outcomes.untilDefinite(() -> mesh.send(() -> payments.payPaymentWithHttpInfo(body, key,
                    as(token))), Duration.ofSeconds(60));
            if (paid != null && paid.status() == 201) {
                Fixtures.SPENT_FEN.addAndGet(amount);
                Fixtures.USES.addAndGet(paid.body().path("lines").size());
                return amount;
            }
            assertThat(paid == null || "PAYMENT_CODE_EXPIRED".equals(paid.code()))
                    .as("payment after the restart: %s", paid == null ? "no answer" : paid.body()).isTrue();
        }
        throw new IllegalStateException("no payment succeeded within 120 s of PostgreSQL's restart");
    }

    /** Raw HTTP: a service's own management port, not the public API (nor in its document). */
    private static int readiness(String service) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + RunningMesh.PORTS.get(service) + "/readyz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<String, String> pids() {
        Map<String, String> pids = new LinkedHashMap<>();
        for (String service : SERVICES) {
            try {
                Path pidFile = RunningMesh.home().resolve("pids").resolve(service + ".pid");
                pids.put(service, Files.readString(pidFile).trim());
            } catch (IOException e) {
                pids.put(service, "none");
            }
        }
        return pids;
    }

    @AfterAll
    static void meshIsWhole() {
        Nemesis.ensureRunning();
    }
}
