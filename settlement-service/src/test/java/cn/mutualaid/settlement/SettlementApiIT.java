package cn.mutualaid.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.settlement.WalletFeed.Movement;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The settlement API's edges: who may call what, bad input, top-ups, and statistics in JSON and CSV. */
@MeshTest
class SettlementApiIT {
    @Autowired WebTestClient web;
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;

    @Test
    void callersSeeOnlyWhatIsTheirs() {
        web.get().uri("/api/v1/settlement/periods/202305").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/settlement/periods/202305")
                .headers(h -> h.setBearerAuth(TestJwt.forged("x", "CLEARING"))).exchange().expectStatus().isUnauthorized();
        expect("/api/v1/settlement/periods/202305", TestJwt.insured("person-1"), 403);
        expect("/api/v1/settlement/periods/202305", TestJwt.agency("330100"), 403);     // a city agency
        expect("/api/v1/settlement/periods/202305", TestJwt.agency("330000"), 200);     // a province agency
        expect("/api/v1/settlement/periods/202305/positions", TestJwt.agency("330000"), 403);
        expect("/api/v1/settlement/periods/202305/statements/330000", TestJwt.agency("350000"), 403);
        expect("/api/v1/settlement/periods/202305/statements/330000", TestJwt.agency("330000"), 404);
        expect("/api/v1/settlement/prepaid-funds", TestJwt.agency("330000"), 403);
        expect("/api/v1/settlement/stats?from=2023-05-01&to=2023-05-31", TestJwt.agency("330000"), 403);
        web.post().uri("/api/v1/settlement/periods/202305/close").headers(h -> h.setBearerAuth(TestJwt.agency("330000")))
                .exchange().expectStatus().isForbidden();
        web.post().uri("/api/v1/settlement/prepaid-funds/330000/top-ups")
                .headers(h -> h.setBearerAuth(TestJwt.agency("330000"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amountFen", 100, "reference", "agency-try")).exchange().expectStatus().isForbidden();
    }

    @Test
    void badPeriodsAndProvincesAreProblems() {
        for (String bad : List.of("202613", "abc", "2024-01", "202400")) {
            JsonNode problem = expect("/api/v1/settlement/periods/" + bad, TestJwt.clearing(), 400);
            assertThat(problem.get("code").asString()).isEqualTo("INVALID_PERIOD");
        }
        web.post().uri("/api/v1/settlement/periods/abc/close").headers(h -> h.setBearerAuth(TestJwt.clearing()))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(expect("/api/v1/settlement/periods/202305/statements/32000", TestJwt.clearing(), 400)
                .get("code").asString()).isEqualTo("INVALID_PROVINCE");
        // The running month (China time) cannot be closed yet, and trying leaves it OPEN.
        String running = Period.of(Instant.now().plusSeconds(3600)).toString();
        JsonNode refused = json(web.post().uri("/api/v1/settlement/periods/{p}/close", running)
                .headers(h -> h.setBearerAuth(TestJwt.clearing())).exchange()
                .expectStatus().isEqualTo(409).expectBody(String.class).returnResult().getResponseBody());
        assertThat(refused.get("code").asString()).isEqualTo("PERIOD_NOT_ENDED");
        assertThat(expect("/api/v1/settlement/periods/" + running, TestJwt.clearing(), 200).get("status").asString())
                .isEqualTo("OPEN");
        assertThat(expect("/api/v1/settlement/periods/202306/positions", TestJwt.clearing(), 409).get("code").asString())
                .isEqualTo("PERIOD_NOT_CLEARED");
    }

    @Test
    void topUpsAreRecordedOncePerReference() {
        JsonNode first = topUp("330000", Map.of("amountFen", 50_000, "reference", "zj-2023-001"), 201);
        assertThat(first.get("balanceFen").asLong()).isEqualTo(50_000);
        assertThat(first.get("entry").get("kind").asString()).isEqualTo("TOP_UP");
        JsonNode repeat = topUp("330000", Map.of("amountFen", 50_000, "reference", "zj-2023-001"), 200);
        assertThat(repeat.get("balanceFen").asLong()).isEqualTo(50_000);
        assertThat(topUp("330000", Map.of("amountFen", 60_000, "reference", "zj-2023-001"), 409)
                .get("code").asString()).isEqualTo("REFERENCE_REUSED");
        assertThat(topUp("330000", Map.of("amountFen", 0, "reference", "zj-2023-002"), 422)
                .get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(topUp("330000", Map.of("amountFen", 10, "reference", " "), 422)
                .get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(topUp("33000x", Map.of("amountFen", 10, "reference", "r"), 400)
                .get("code").asString()).isEqualTo("INVALID_PROVINCE");
        web.post().uri("/api/v1/settlement/prepaid-funds/330000/top-ups")
                .headers(h -> h.setBearerAuth(TestJwt.clearing())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amountFen\": \"lots\"").exchange().expectStatus().isBadRequest();
        topUp("330000", Map.of("amountFen", 7, "reference", "zj-2023-002"), 201);

        JsonNode funds = expect("/api/v1/settlement/prepaid-funds?size=200", TestJwt.clearing(), 200);
        JsonNode zhejiang = null;
        for (JsonNode fund : funds) {
            if (fund.get("province").asString().equals("330000")) {
                zhejiang = fund;
            }
        }
        assertThat(zhejiang).isNotNull();
        assertThat(zhejiang.get("balanceFen").asLong()).isEqualTo(50_007);
        assertThat(zhejiang.get("status").asString()).isEqualTo("OK");
        JsonNode journal = expect("/api/v1/settlement/prepaid-funds/330000/journal", TestJwt.clearing(), 200);
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0).get("reference").asString()).isEqualTo("zj-2023-002");
        expect("/api/v1/settlement/prepaid-funds?size=500", TestJwt.clearing(), 422);
    }

    @Test
    void statisticsByCategoryAndScopeInJsonAndCsv() {
        WalletFeed feed = new WalletFeed(bridge, db);
        Instant mayFirst = china("2023-05-01T00:00:00");
        Instant mayLast = china("2023-05-31T23:59:59");
        List<Movement> inRange = new ArrayList<>();
        Movement clinic = feed.capture("may-1", PaymentCategory.MEDICAL_INSTITUTION, mayFirst,
                new Share("330100", "330100", 10_000), new Share("330200", "330100", 2_000));
        inRange.add(clinic);
        inRange.add(feed.capture("may-2", PaymentCategory.RETAIL_PHARMACY, china("2023-05-12T09:30:00"),
                new Share("350100", "330100", 3_500)));
        inRange.add(feed.capture("may-3", PaymentCategory.RESIDENT_CONTRIBUTION, mayLast,
                new Share("360100", "360100", 40_000)));
        inRange.add(feed.refund(clinic, china("2023-05-20T10:00:00"), new Share("330100", "330100", 1_000)));
        List<Movement> outside = List.of(
                feed.capture("apr-30", PaymentCategory.LTC_CONTRIBUTION, mayFirst.minusSeconds(1),
                        new Share("330100", "350100", 999)),
                feed.capture("jun-1", PaymentCategory.LTC_CONTRIBUTION, mayLast.plusSeconds(1),
                        new Share("330100", "350100", 888)));
        List<Movement> all = new ArrayList<>(inRange);
        all.addAll(outside);
        feed.send(WalletFeed.envelopes(all));

        Map<String, long[]> byCategory = new LinkedHashMap<>();
        Map<String, long[]> byScope = new LinkedHashMap<>();
        Map<String, long[]> byScopeAndCategory = new LinkedHashMap<>();
        for (PaymentCategory c : PaymentCategory.values()) {
            byCategory.put(c.name(), new long[2]);
        }
        for (AidScope s : AidScope.values()) {
            byScope.put(s.name(), new long[2]);
            for (PaymentCategory c : PaymentCategory.values()) {
                byScopeAndCategory.put(s.name() + "/" + c.name(), new long[2]);
            }
        }
        long total = 0;
        long uses = 0;
        for (Movement m : inRange) {
            for (Share s : m.shares()) {
                long[] c = byCategory.get(m.category().name());
                long[] sc = byScope.get(s.scope().name());
                long[] cell = byScopeAndCategory.get(s.scope().name() + "/" + m.category().name());
                cell[0] += m.signed(s);
                cell[1] += m.uses();
                c[0] += m.signed(s);
                c[1] += m.uses();
                sc[0] += m.signed(s);
                sc[1] += m.uses();
                total += m.signed(s);
                uses += m.uses();
            }
        }

        JsonNode stats = expect("/api/v1/settlement/stats?from=2023-05-01&to=2023-05-31", TestJwt.clearing(), 200);
        assertThat(stats.get("totalFen").asLong()).isEqualTo(total);
        assertThat(stats.get("uses").asLong()).isEqualTo(uses);
        assertRows(stats.get("byCategory"), byCategory);
        assertRows(stats.get("byScope"), byScope);

        StringBuilder csv = new StringBuilder("dimension,key,amountFen,uses\n");
        byCategory.forEach((k, v) -> csv.append("category,").append(k).append(',').append(v[0]).append(',').append(v[1]).append('\n'));
        byScope.forEach((k, v) -> csv.append("scope,").append(k).append(',').append(v[0]).append(',').append(v[1]).append('\n'));
        byScopeAndCategory.forEach((k, v) -> csv.append("scope/category,").append(k).append(',').append(v[0]).append(',')
                .append(v[1]).append('\n'));
        csv.append("total,ALL,").append(total).append(',').append(uses).append('\n');
        String byHeader = web.get().uri("/api/v1/settlement/stats?from=2023-05-01&to=2023-05-31")
                .headers(h -> h.setBearerAuth(TestJwt.clearing())).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(byHeader).isEqualTo(csv.toString());
        String byParam = web.get().uri("/api/v1/settlement/stats?from=2023-05-01&to=2023-05-31&format=csv")
                .headers(h -> h.setBearerAuth(TestJwt.clearing())).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(byParam).isEqualTo(csv.toString());

        assertThat(expect("/api/v1/settlement/stats?from=2023-05-31&to=2023-05-01", TestJwt.clearing(), 422)
                .get("code").asString()).isEqualTo("INVALID_RANGE");
        expect("/api/v1/settlement/stats?from=2023-05-01", TestJwt.clearing(), 400);
        expect("/api/v1/settlement/stats?from=2023-13-01&to=2023-12-31", TestJwt.clearing(), 400);
    }

    @Test
    void amountsAreBoundedWholeFenAndAFundNeverPassesItsCeiling() {
        for (String amount : new String[] {"100.9", "100.0", "1e2", "\"100\"", "true", "[]", "{}"}) {
            web.post().uri("/api/v1/settlement/prepaid-funds/440000/top-ups")
                    .headers(h -> h.setBearerAuth(TestJwt.clearing())).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"amountFen\": " + amount + ", \"reference\": \"gd-x\"}").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        }
        for (Object amount : new Object[] {Long.MAX_VALUE, Fen.MAX + 1, -1}) {
            assertThat(topUp("440000", Map.of("amountFen", amount, "reference", "gd-x"), 422)
                    .get("code").asString()).isEqualTo("VALIDATION_FAILED");
        }
        assertThat(topUp("440000", Map.of("amountFen", 10, "reference", "gd\u202E-x"), 422)
                .get("code").asString()).isEqualTo("VALIDATION_FAILED");
        // The largest amount is above the four-eyes threshold: it waits for a second clearing operator. Other tests of
        // this JVM settle months into the same fund: look at the movement, not the balance.
        JsonNode pending = topUp("440000", Map.of("amountFen", Fen.MAX, "reference", "gd-1"), 202);
        assertThat(pending.get("topUpStatus").asString()).isEqualTo("PENDING_APPROVAL");
        String approver = TestJwt.mint("clearing-op-second", null, java.time.Duration.ofMinutes(5), "CLEARING");
        JsonNode approved = json(web.post().uri("/api/v1/settlement/prepaid-funds/top-ups/{id}/approve",
                        pending.get("topUpId").asString())
                .headers(h -> h.setBearerAuth(approver)).header("Idempotency-Key", UUID.randomUUID().toString())
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(approved.get("entry").get("amountFen").asLong()).isEqualTo(Fen.MAX);

        // A fund just below its ceiling: a top-up past it is refused and changes nothing; one up to it is fine.
        db.sql("update prepaid_funds set balance_fen = :b where province = '440000'")
                .bind("b", Fen.MAX_BALANCE - 5).fetch().rowsUpdated().block();
        int movements = expect("/api/v1/settlement/prepaid-funds/440000/journal?size=200", TestJwt.clearing(), 200).size();
        assertThat(topUp("440000", Map.of("amountFen", 6, "reference", "gd-2"), 422)
                .get("code").asString()).isEqualTo("FUND_LIMIT");
        assertThat(expect("/api/v1/settlement/prepaid-funds/440000/journal?size=200", TestJwt.clearing(), 200))
                .hasSize(movements);
        JsonNode full = topUp("440000", Map.of("amountFen", 5, "reference", "gd-3"), 201);
        assertThat(full.get("balanceFen").asLong()).isEqualTo(Fen.MAX_BALANCE);
        assertThat(full.get("status").asString()).isEqualTo("OK");
    }

    @Test
    void statisticsDatesAtTheEdgesOfTheCalendarAre4xx() {
        expect("/api/v1/settlement/stats?from=0000-01-01&to=2024-01-01", TestJwt.clearing(), 422);
        expect("/api/v1/settlement/stats?from=-0001-01-01&to=2024-01-01", TestJwt.clearing(), 422);
        expect("/api/v1/settlement/stats?from=2024-01-01&to=99999-01-01", TestJwt.clearing(), 400);
        expect("/api/v1/settlement/stats?from=2024-02-30&to=2024-03-01", TestJwt.clearing(), 400);
        expect("/api/v1/settlement/prepaid-funds?page=2147483647", TestJwt.clearing(), 422);
        expect("/api/v1/settlement/prepaid-funds?page=-1", TestJwt.clearing(), 422);
    }

    private static void assertRows(JsonNode rows, Map<String, long[]> expected) {
        Map<String, long[]> actual = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            actual.put(row.get("key").asString(), new long[] {row.get("amountFen").asLong(), row.get("uses").asLong()});
        }
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).containsExactly(v));
    }

    private JsonNode topUp(String province, Map<String, Object> body, int status) {
        return json(web.post().uri("/api/v1/settlement/prepaid-funds/{p}/top-ups", province)
                .headers(h -> h.setBearerAuth(TestJwt.clearing())).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(body).exchange().expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private JsonNode expect(String uri, String token, int status) {
        String body = web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        return body == null ? null : json(body);
    }

    private static JsonNode json(String body) {
        return Contracts.mapper().readTree(body);
    }

    private static Instant china(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(Period.CHINA).toInstant();
    }
}
