package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import io.micrometer.core.instrument.MeterRegistry;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** 200 payments at once against one beneficiary's quotas from two benefactors never overdraw them. */
@MeshTest
class ConcurrentPaymentsIT {
    static final int PAYMENTS = 200;
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired Environment env;
    @Autowired MeterRegistry meters;

    record Outcome(long amountFen, int status, String code, String paymentId, String paymentStatus) {
    }

    private double stale(String then) {
        var counter = meters.find("mesh.wallet.payment.stale").tag("then", then).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void concurrentPaymentsNeverOverdrawAndEveryQuotaStaysBalanced() {
        Wallet w = new Wallet(web, db, bridge);
        String father = w.employee("320500", 60_000);
        String mother = w.employee("330100", 40_000);
        String child = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String fromFather = w.quota(father, child, 50_000);
        String fromMother = w.quota(mother, child, 30_000);
        long granted = 80_000;

        Random random = new Random(20_260_123L);
        List<long[]> plan = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            // Random amounts of about 1.4x what the quotas hold in total: some must be refused.
            plan.add(new long[] {1 + random.nextInt(1100), random.nextBoolean() ? 1 : 0});
        }
        List<String> codes = Flux.range(0, PAYMENTS).map(i -> w.code(child)).collectList().block();

        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + env.getProperty("local.server.port"))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital)).build();
        long started = System.nanoTime();
        List<Outcome> outcomes = Flux.range(0, PAYMENTS)
                .flatMap(i -> client.post().uri("/api/v1/payments")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("paymentCode", codes.get(i), "patientId", child, "amountFen", plan.get(i)[0],
                                "category", "MEDICAL_INSTITUTION", "capture", plan.get(i)[1] == 1))
                        .exchangeToMono(response -> response.bodyToMono(Map.class).map(body -> new Outcome(plan.get(i)[0],
                                response.statusCode().value(), (String) body.get("code"), (String) body.get("paymentId"),
                                String.valueOf(body.get("status"))))), PAYMENTS)
                .collectList().block(Duration.ofMinutes(3));

        long millis = (System.nanoTime() - started) / 1_000_000;
        LoggerFactory.getLogger(ConcurrentPaymentsIT.class).info("{} concurrent payments on one beneficiary's quotas in {} ms ({} /s);"
                        + " payment-write {}: facts gone stale {} times, then judged again {}, statement path {}",
                PAYMENTS, millis, PAYMENTS * 1000L / Math.max(1, millis), env.getProperty("mesh.wallet.payment-write"),
                stale("judged-again") + stale("statement-path"), stale("judged-again"), stale("statement-path"));
        assertThat(outcomes).hasSize(PAYMENTS);
        List<Outcome> accepted = outcomes.stream().filter(o -> o.status() == 201).toList();
        List<Outcome> refused = outcomes.stream().filter(o -> o.status() != 201).toList();
        assertThat(refused).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(422);
            assertThat(o.code()).isEqualTo("QUOTA_INSUFFICIENT");
        });
        assertThat(accepted).isNotEmpty();
        assertThat(refused).as("the plan asks for more than the quotas hold").isNotEmpty();

        long acceptedFen = accepted.stream().mapToLong(Outcome::amountFen).sum();
        long capturedFen = accepted.stream().filter(o -> "CAPTURED".equals(o.paymentStatus())).mapToLong(Outcome::amountFen).sum();
        long[] a = w.quotaOf(fromFather);
        long[] b = w.quotaOf(fromMother);
        assertThat(a[1] + a[2] + b[1] + b[2]).isEqualTo(acceptedFen).isLessThanOrEqualTo(granted);
        assertThat(a[1] + b[1]).isEqualTo(capturedFen);
        long remaining = granted - acceptedFen;
        // A payment is refused only when it did not fit: remaining only shrank while they ran.
        assertThat(refused).allSatisfy(o -> assertThat(o.amountFen()).isGreaterThan(remaining));
        // The older quota is drawn first: the father's is used up before the mother's is touched much.
        assertThat(a[0] - a[1] - a[2]).isLessThan(1100);

        // Settle the open holds: capture half, void the rest.
        List<Outcome> open = accepted.stream().filter(o -> "AUTHORIZED".equals(o.paymentStatus())).toList();
        for (int i = 0; i < open.size(); i++) {
            w.action(hospital, open.get(i).paymentId(), i % 2 == 0 ? "capture" : "void").expectStatus().isOk();
        }
        for (long[] q : List.of(w.quotaOf(fromFather), w.quotaOf(fromMother))) {
            long used = q[1];
            long held = q[2];
            long released = q[3];
            long remainingOfQuota = q[0] - used - held - released;
            assertThat(held).isZero();
            assertThat(used + remainingOfQuota + released).isEqualTo(q[0]);
            assertThat(remainingOfQuota).isNotNegative();
        }
        long[] fatherAccount = w.account(father);
        long[] motherAccount = w.account(mother);
        long[] fq = w.quotaOf(fromFather);
        long[] mq = w.quotaOf(fromMother);
        assertThat(fatherAccount).containsExactly(60_000 - fq[1], fq[0] - fq[1]);
        assertThat(motherAccount).containsExactly(40_000 - mq[1], mq[0] - mq[1]);
        w.assertLedgerOk();
    }
}
