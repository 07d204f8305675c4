package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code tools/load/bench/payment.sql} (the database ceiling the benchmark measures) is, statement for statement, what
 * the wallet runs for a payment code and a captured payment. The statements are read from the PostgreSQL driver's
 * query log, those of the two requests picked by their correlation id, and compared with the file's after both are
 * normalised as pg_stat_statements would: parameters ({@code $1}, pgbench's {@code :name}), string constants and NULL
 * become {@code ?} (the bench writes some values as constants; pgbench cannot pass a null), whitespace one space. The
 * payment itself is two statements, each one round trip (mesh.wallet.payment-write=function, the default). Statements of the file that end in
 * {@code \gset} set the bench's own variables and are not the wallet's.
 */
@MeshTest
class BenchSqlIT {
    static final Path BENCH = Path.of("..", "tools", "load", "bench", "payment.sql");
    static final Path BENCH_OFFLINE = Path.of("..", "tools", "load", "bench", "payment-offline.sql");
    private static final Pattern STRING_CONSTANT = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NULL_CONSTANT = Pattern.compile("(?i)\\bnull\\b");
    private static final Pattern APP_PARAMETER = Pattern.compile("\\$\\d+");
    private static final Pattern BENCH_PARAMETER = Pattern.compile("(?<![:\\w]):(?!:)\\w+");
    private static final String CORRELATION = "x-correlation-id";

    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;
    private final StatementRecorder recorder = new StatementRecorder();

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        recorder.attach();
    }

    @AfterEach
    void tearDown() {
        recorder.detach();
    }

    @Test
    void theBenchRunsTheStatementsOfACapturedPayment() throws IOException {
        String benefactor = w.employee("320500", 10_000);
        String patient = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.quota(benefactor, patient, 5000);
        String correlationId = "bench-" + UUID.randomUUID();

        String code = (String) web.post().uri("/api/v1/payment-codes")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(patient))
                .header(CORRELATION, correlationId)
                .exchange().expectStatus().isCreated().expectBody(Wallet.JSON).returnResult().getResponseBody()
                .get("code");
        assertBenchRuns(BENCH, hospital, patient, code, correlationId);
    }

    @Test
    void theOfflineBenchRunsTheStatementsOfACapturedPaymentWithAnOfflineCode() throws IOException {
        String benefactor = w.employee("320500", 10_000);
        String patient = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        w.quota(benefactor, patient, 5000);
        String code = w.offlineCode(patient);
        assertBenchRuns(BENCH_OFFLINE, hospital, patient, code, "bench-" + UUID.randomUUID());
    }

    private void assertBenchRuns(Path bench, String hospital, String patient, String code, String correlationId)
            throws IOException {
        web.post().uri("/api/v1/payments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.provider(hospital))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header(CORRELATION, correlationId)
                .bodyValue(Map.of("paymentCode", code, "patientId", patient, "amountFen", 1200,
                        "category", PaymentCategory.MEDICAL_INSTITUTION.name(), "capture", true))
                .exchange().expectStatus().isCreated();

        List<String> ran = recorder.of(correlationId).stream().map(BenchSqlIT::normalisedApp).toList();
        assertThat(ran).as("the payment's statements, found by correlation id").hasSizeGreaterThanOrEqualTo(2);
        assertThat(benchStatements(Files.readString(bench)))
                .as(bench + " against what the wallet ran")
                .containsExactlyElementsOf(ran);
    }

    static String normalisedApp(String sql) {
        return oneLine(APP_PARAMETER.matcher(constantsOut(sql)).replaceAll("?"));
    }

    /** The file's statements, without comments, pgbench commands and the bench's own \gset statements. */
    static List<String> benchStatements(String file) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : file.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || (current.isEmpty() && trimmed.startsWith("\\")) || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith("\\gset")) {
                current.setLength(0);
            } else if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                String withoutSemicolon = constantsOut(sql.substring(0, sql.length() - 1));
                statements.add(oneLine(BENCH_PARAMETER.matcher(withoutSemicolon).replaceAll("?")));
                current.setLength(0);
            }
        }
        return statements;
    }

    private static String constantsOut(String sql) {
        return NULL_CONSTANT.matcher(STRING_CONSTANT.matcher(sql).replaceAll("?")).replaceAll("?");
    }

    private static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
