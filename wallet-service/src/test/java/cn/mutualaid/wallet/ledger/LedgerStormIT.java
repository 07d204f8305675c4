package cn.mutualaid.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.platform.idempotency.Idempotency;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
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
import reactor.core.publisher.Mono;

/**
 * A storm of ledger checks by every kind of allowed caller while payments run: payments keep succeeding, checks are
 * answered or told to retry (503 LEDGER_CHECK_BUSY), never anything else. Prints the figures.
 */
@MeshTest
class LedgerStormIT {
    static final int BASELINE = 60;
    static final int PAYMENTS = 120;
    static final int CHECKERS = 8;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired Environment env;

    record Answer(int status, String code, long millis) {
    }

    @Test
    void paymentsKeepSucceedingDuringAStormOfLedgerChecks() {
        Wallet w = new Wallet(web, db, bridge);
        String parent = w.employee("320500", 900_000);
        String child = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.quota(parent, child, 800_000);
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + env.getProperty("local.server.port")).build();
        // The same payments without a storm first: the latency to compare with.
        List<Answer> quiet = pay(client, w, hospital, child, BASELINE).block(Duration.ofMinutes(2));
        List<String> checkers = List.of(TestJwt.clearing(), TestJwt.admin(), TestJwt.agency("320500"),
                TestJwt.agency("320000"));
        AtomicBoolean paying = new AtomicBoolean(true);
        Mono<List<Answer>> storm = Flux.range(0, CHECKERS)
                .flatMap(i -> Flux.defer(() -> call(client.get().uri("/api/v1/ledger/check")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + checkers.get(i % checkers.size()))))
                        .repeat(paying::get), CHECKERS)
                .collectList();
        Mono<List<Answer>> payments = pay(client, w, hospital, child, PAYMENTS).doFinally(signal -> paying.set(false));

        var both = Mono.zip(payments, storm).block(Duration.ofMinutes(10));
        List<Answer> paid = both.getT1();
        List<Answer> checks = both.getT2();
        long answered = checks.stream().filter(a -> a.status() == 200).count();
        long busy = checks.stream().filter(a -> a.status() == 503).count();
        LoggerFactory.getLogger(LedgerStormIT.class).info(
                "ledger storm: {} checks answered, {} told to retry (503), {} of {} payments ok; payment latency {}"
                        + " (without the storm: {})", answered, busy, paid.stream().filter(a -> a.status() == 201).count(),
                PAYMENTS, latency(paid), latency(quiet));

        assertThat(quiet).allSatisfy(a -> assertThat(a.status()).as(a.code()).isEqualTo(201));
        assertThat(paid).allSatisfy(a -> assertThat(a.status()).as(a.code()).isEqualTo(201));
        assertThat(answered).isPositive();
        assertThat(checks).allSatisfy(a -> {
            assertThat(a.status()).isIn(200, 503);
            if (a.status() == 503) {
                assertThat(a.code()).isEqualTo("LEDGER_CHECK_BUSY");
            }
        });
        long spent = (BASELINE + PAYMENTS) * 100L;
        assertThat(w.account(parent)).containsExactly(900_000L - spent, 800_000L - spent);
        w.assertLedgerOk();
    }

    /** {@code count} captured payments of 1 yuan each, four at a time, each with a fresh payment code. */
    private static Mono<List<Answer>> pay(WebClient client, Wallet w, String hospital, String child, int count) {
        List<String> codes = Flux.range(0, count).map(i -> w.code(child)).collectList().block();
        return Flux.range(0, count)
                .flatMap(i -> call(client.post().uri("/api/v1/payments")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("paymentCode", codes.get(i), "patientId", child, "amountFen", 100,
                                "category", "MEDICAL_INSTITUTION", "capture", true))), 4)
                .collectList();
    }

    private static String latency(List<Answer> answers) {
        long[] ms = answers.stream().mapToLong(Answer::millis).sorted().toArray();
        return "p50 " + ms[ms.length / 2] + " ms, p95 " + ms[(int) (ms.length * 0.95)] + " ms, max "
                + ms[ms.length - 1] + " ms";
    }

    private static Mono<Answer> call(WebClient.RequestHeadersSpec<?> request) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return request.exchangeToMono(response -> response.bodyToMono(Map.class).defaultIfEmpty(Map.of())
                            .map(body -> new Answer(response.statusCode().value(), String.valueOf(body.get("code")),
                                    (System.nanoTime() - started) / 1_000_000)))
                    // A request that never ends is an answer too (a failed one), not a hung test.
                    .timeout(ANSWER_WITHIN, Mono.fromSupplier(() -> new Answer(0, "NO_ANSWER",
                            (System.nanoTime() - started) / 1_000_000)));
        });
    }
}
