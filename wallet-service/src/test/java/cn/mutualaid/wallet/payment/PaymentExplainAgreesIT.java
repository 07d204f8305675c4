package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * POST /payments/explain agrees with POST /payments: over a generated set of cases (providers designated or not,
 * every category, patients of each scheme with and without quotas or unknown, amounts below, at and above what the
 * quotas hold and at or off a contribution's standard, contribution years named, missing, unknown or already paid,
 * codes of the patient, of someone else, used, expired or never issued), each case is explained and then paid for
 * real, and the verdict, the problem code and the lines must be the same. Around every explanation, every table of
 * the wallet keeps its row count and the tables a payment writes keep their content.
 */
@MeshTest
class PaymentExplainAgreesIT {
    static final int CASES = 120;
    /**
     * The tables a payment writes, compared in full; the outbox only by its row count, since its relay marks rows
     * sent in the background.
     */
    static final List<String> WRITTEN_TABLES = List.of("payment_code", "quota", "account", "payment", "payment_line",
            "idempotency_key", "journal_tx", "posting", "audit_log");
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    enum CodeKind {
        OWN, OTHERS, USED, EXPIRED, NEVER_ISSUED
    }

    record Case(int no, String provider, String patient, PaymentCategory category, long amountFen, Integer year,
            CodeKind codeKind, boolean capture) {
    }

    /** A code for {@code person} stored as PaymentCodes stores one, in the state the case needs. */
    private String code(String person, CodeKind kind) {
        String code = UUID.randomUUID().toString();
        if (kind == CodeKind.NEVER_ISSUED) {
            return code;
        }
        Instant now = Instant.now();
        db.sql("insert into payment_code (code_hash, person_id, created_at, expires_at, used_at)"
                        + " values (:h, :p, :c, :e, :u)")
                .bind("h", PaymentCodes.hash(code)).bind("p", person).bind("c", now.minusSeconds(120))
                .bind("e", kind == CodeKind.EXPIRED ? now.minusSeconds(1) : now.plusSeconds(60))
                .bind("u", kind == CodeKind.USED ? now.minusSeconds(30) : now)
                .fetch().rowsUpdated().block();
        if (kind != CodeKind.USED) {
            db.sql("update payment_code set used_at = null where code_hash = :h").bind("h", PaymentCodes.hash(code))
                    .fetch().rowsUpdated().block();
        }
        return code;
    }

    @Test
    void explainGivesTheVerdictCodeAndLinesOfTheRealPaymentAndChangesNothing() {
        String father = w.employee("320500", 500_000);
        String aunt = w.employee("410100", 500_000);
        String richResident = w.enrol(Scheme.RESIDENT, "320500");
        w.quota(father, richResident, 60_000);
        w.quota(aunt, richResident, 100_000);
        String employee = w.employee("330100", 0);
        w.quota(father, employee, 30_000);
        String poorResident = w.enrol(Scheme.RESIDENT, "410100");
        String unknown = Wallet.id("never-enrolled");
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String pharmacy = w.provider(ProviderType.RETAIL_PHARMACY, "320500");
        String undesignated = Wallet.id("prov-unknown");

        Random random = new Random(20_261_129L);
        List<String> providers = List.of(hospital, hospital, hospital, pharmacy, undesignated);
        List<String> patients = List.of(richResident, richResident, richResident, employee, employee, poorResident,
                unknown);
        List<CodeKind> codeKinds = List.of(CodeKind.OWN, CodeKind.OWN, CodeKind.OWN, CodeKind.OWN, CodeKind.OWN,
                CodeKind.OTHERS, CodeKind.USED, CodeKind.EXPIRED, CodeKind.NEVER_ISSUED);
        List<Integer> years = List.of(2025, 2025, 2024, 2019);
        Set<String> seen = new TreeSet<>();
        int multiLine = 0;
        Case paidContribution = null;
        for (int no = 0; no < CASES; no++) {
            PaymentCategory category = PaymentCategory.values()[random.nextInt(PaymentCategory.values().length)];
            boolean contribution = category == PaymentCategory.RESIDENT_CONTRIBUTION
                    || category == PaymentCategory.LTC_CONTRIBUTION;
            Integer year = contribution ? (random.nextInt(8) == 0 ? null : years.get(random.nextInt(years.size())))
                    : (random.nextInt(10) == 0 ? 2025 : null);
            long standard = category == PaymentCategory.LTC_CONTRIBUTION ? 5_000
                    : year != null && year == 2024 ? 38_000 : 40_000;
            long amount = switch (random.nextInt(contribution ? 6 : 4)) {
                case 0 -> 1 + random.nextInt(5_000);          // below any quota
                case 1 -> 50_000 + random.nextInt(40_000);    // more than the oldest quota: split, or short
                case 2 -> 1_000_000;                          // above all quotas
                case 3 -> 30_000;
                case 4 -> standard + 1;
                default -> standard;
            };
            if (contribution && random.nextInt(3) > 0) {
                amount = standard;
            }
            Case c = new Case(no, providers.get(random.nextInt(providers.size())),
                    patients.get(random.nextInt(patients.size())), category, amount, year,
                    codeKinds.get(random.nextInt(codeKinds.size())), random.nextBoolean());
            if (paidContribution != null) {
                // The same person-year again, with a good code: the year is taken now.
                c = new Case(no, paidContribution.provider(), paidContribution.patient(), paidContribution.category(),
                        paidContribution.amountFen(), paidContribution.year(), CodeKind.OWN, random.nextBoolean());
            }
            String outcome = agree(c, father);
            boolean paidOne = outcome.startsWith("ALLOWED/") && c.year() != null;
            paidContribution = paidOne && paidContribution == null ? c : null;
            seen.add(outcome);
            if (outcome.startsWith("ALLOWED/")) {
                multiLine += outcome.equals("ALLOWED/1") ? 0 : 1;
            }
        }
        // The generated set reaches every rule, both ways.
        assertThat(seen).contains("ALLOWED/1", "PROVIDER_NOT_DESIGNATED", "CATEGORY_NOT_ALLOWED",
                "CONTRIBUTION_YEAR_REQUIRED", "CONTRIBUTION_YEAR_NOT_APPLICABLE", "PAYMENT_CODE_INVALID",
                "PATIENT_NOT_CODE_OWNER", "PAYMENT_CODE_USED", "PAYMENT_CODE_EXPIRED", "CONTRIBUTION_YEAR_UNKNOWN",
                "CONTRIBUTION_AMOUNT_MISMATCH", "CONTRIBUTION_ALREADY_PAID", "QUOTA_INSUFFICIENT");
        assertThat(multiLine).as("allowed payments split across two benefactors").isPositive();
        w.assertLedgerOk();
    }

    /** Explains the case, checks nothing changed, pays it for real and compares; the outcome seen. */
    private String agree(Case c, String someoneElse) {
        String code = code(c.codeKind() == CodeKind.OTHERS ? someoneElse : c.patient(), c.codeKind());
        Map<String, Object> body = ContributionIT.body(code, c.patient(), c.amountFen(), c.category(), c.year(),
                c.capture());

        Map<String, Object> before = snapshot();
        Map<String, Object> explanation = w.post("/api/v1/payments/explain", c.provider(), null, body)
                .expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
        assertThat(snapshot()).as("explaining case %s changed the database", c).isEqualTo(before);

        EntityExchangeResult<Map<String, Object>> real = w.post("/api/v1/payments", c.provider(),
                UUID.randomUUID().toString(), body).expectBody(Wallet.JSON).returnResult();
        Map<String, Object> paid = real.getResponseBody();
        boolean allowed = real.getStatus().value() == 201;
        assertThat(explanation.get("allowed")).as("verdict of %s: %s", c, paid).isEqualTo(allowed);
        List<Map<String, Object>> checks = list(explanation.get("checks"));
        Map<String, Object> last = checks.get(checks.size() - 1);
        assertThat(last.get("passed")).as("last check of %s", c).isEqualTo(allowed);
        if (allowed) {
            assertThat(explanation).as("%s", c).doesNotContainKey("code");
            assertThat(lines(explanation.get("lines"))).as("lines of %s", c).isEqualTo(lines(paid.get("lines")))
                    .isNotEmpty();
            return "ALLOWED/" + list(paid.get("lines")).size();
        }
        assertThat(explanation.get("code")).as("code of %s", c).isEqualTo(paid.get("code"));
        assertThat(((Map<?, ?>) last.get("facts")).get("code")).isEqualTo(paid.get("code"));
        assertThat(list(explanation.get("lines"))).isEmpty();
        return (String) paid.get("code");
    }

    @Test
    void explainIsTheProvidersAsThePaymentIs() {
        String benefactor = w.employee("320500", 10_000);
        String patient = w.employee("320500", 0);
        w.quota(benefactor, patient, 5_000);
        Map<String, Object> body = ContributionIT.body(code(patient, CodeKind.OWN), patient, 1_000,
                PaymentCategory.MEDICAL_INSTITUTION, null, true);
        for (String token : List.of(TestJwt.insured(patient), TestJwt.agency("320500"), TestJwt.clearing())) {
            for (String uri : List.of("/api/v1/payments/explain", "/api/v1/payments")) {
                web.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body)
                        .exchange().expectStatus().isForbidden();
            }
        }
        // A body the payment cannot read is refused by the explanation alike.
        Map<String, Object> bad = new HashMap<>(body);
        bad.put("contributionYear", 20_250);
        for (String uri : List.of("/api/v1/payments/explain", "/api/v1/payments")) {
            w.post(uri, w.provider(ProviderType.MEDICAL_INSTITUTION, "320500"), UUID.randomUUID().toString(), bad)
                    .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        assertThat(w.count("select count(*) from payment where patient_id = :id", patient)).isZero();
    }

    /** Every table's row count, and the full content of the tables a payment writes. */
    private Map<String, Object> snapshot() {
        List<String> tables = db.sql("""
                        select table_name from information_schema.tables
                        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name""")
                .map(row -> row.get(0, String.class)).all().collectList().block(Duration.ofSeconds(30));
        assertThat(tables).containsAll(WRITTEN_TABLES).contains("outbox");
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            sql.append(sql.isEmpty() ? "" : " union all ").append("select '").append(table).append("', ")
                    .append(WRITTEN_TABLES.contains(table)
                            ? "count(*) || ' ' || md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                            : "count(*)::text")
                    .append(" from ").append(table).append(" t");
        }
        Map<String, Object> snapshot = new LinkedHashMap<>();
        db.sql(sql.toString()).map(row -> Map.entry(row.get(0, String.class), row.get(1, String.class))).all()
                .doOnNext(e -> snapshot.put(e.getKey(), e.getValue())).blockLast(Duration.ofSeconds(30));
        return snapshot;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object json) {
        return (List<Map<String, Object>>) json;
    }

    private static List<String> lines(Object json) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> line : list(json)) {
            lines.add(line.get("quotaId") + " " + line.get("benefactorId") + " " + line.get("amountFen"));
        }
        return lines;
    }
}
