package cn.mutualaid.settlement.stats;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.settlement.WalletFeed;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Statistics as the seeds report them, over real wallet events: uses and amounts by scope, by category and by both,
 * nationally and per province (by the benefactor's insured province or by where it was spent), for the readers
 * docs/authority.md names and for nobody else. March 2017 is used by this test only.
 */
@MeshTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsIT {
    static final String RANGE = "from=2017-03-01&to=2017-03-31";
    /** Above what a 32-bit sum holds, and twice the largest single amount in one cell. */
    static final long LARGE = 99_999_999_999L;

    @Autowired WebTestClient web;
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;

    private final List<Movement> inRange = new ArrayList<>();

    @BeforeAll
    void payments() {
        WalletFeed feed = new WalletFeed(bridge, db);
        Movement hangzhou = feed.capture("st-1", PaymentCategory.MEDICAL_INSTITUTION, china("2017-03-01T00:00:00"),
                new Share("330100", "330100", 10_000));
        inRange.add(hangzhou);
        inRange.add(feed.capture("st-2", PaymentCategory.RETAIL_PHARMACY, china("2017-03-05T12:00:00"),
                new Share("330200", "330100", 2_500)));
        inRange.add(feed.capture("st-3", PaymentCategory.RESIDENT_CONTRIBUTION, china("2017-03-10T08:00:00"),
                new Share("350100", "330100", LARGE)));
        inRange.add(feed.capture("st-4", PaymentCategory.RESIDENT_CONTRIBUTION, china("2017-03-11T08:00:00"),
                new Share("350100", "330100", LARGE)));
        inRange.add(feed.capture("st-5", PaymentCategory.LTC_CONTRIBUTION, china("2017-03-20T09:00:00"),
                new Share("330100", "350100", 7_000)));
        inRange.add(feed.capture("st-6", PaymentCategory.MEDICAL_INSTITUTION, china("2017-03-25T16:00:00"),
                new Share("330100", "320500", 3_000), new Share("320500", "320500", 4_000)));
        inRange.add(feed.refund(hangzhou, china("2017-03-31T23:59:59"), new Share("330100", "330100", 1_000)));
        List<Movement> all = new ArrayList<>(inRange);
        all.add(feed.capture("st-feb", PaymentCategory.MEDICAL_INSTITUTION, china("2017-02-28T23:59:59"),
                new Share("330100", "330100", 555)));
        all.add(feed.capture("st-apr", PaymentCategory.MEDICAL_INSTITUTION, china("2017-04-01T00:00:00"),
                new Share("350100", "330100", 666)));
        feed.send(WalletFeed.envelopes(all));
    }

    @Test
    void nationallyEveryScopeAndCategoryAddsUp() {
        JsonNode report = get("/api/v1/settlement/stats?" + RANGE, TestJwt.clearing(), 200);
        assertThat(report.get("province").isNull()).isTrue();
        assertThat(report.get("side").isNull()).isTrue();
        // Within one pooling area: Hangzhou's 10,000 less its refund of 1,000, and Suzhou's 4,000 (two uses).
        assertThat(row(report.get("byScope"), "SAME_AREA")).containsExactly(13_000L, 2L);
        assertThat(row(report.get("byScope"), "INTRA_PROVINCE")).containsExactly(2_500L, 1L);
        assertThat(row(report.get("byScope"), "CROSS_PROVINCE")).containsExactly(2 * LARGE + 10_000, 4L);
        assertThat(report.get("totalFen").asLong()).isEqualTo(2 * LARGE + 25_500);
        assertThat(report.get("uses").asLong()).isEqualTo(7);
        assertMatches(report, share -> true);
    }

    @Test
    void aProvinceCountsItsFundSideByDefaultOrItsSpendSide() {
        JsonNode fund = get("/api/v1/settlement/stats?" + RANGE + "&province=330000", TestJwt.clearing(), 200);
        assertThat(fund.get("province").asString()).isEqualTo("330000");
        assertThat(fund.get("side").asString()).isEqualTo("fund");
        assertThat(fund.get("totalFen").asLong()).isEqualTo(10_000 - 1_000 + 2_500 + 7_000 + 3_000);
        assertThat(fund.get("uses").asLong()).isEqualTo(4);
        assertMatches(fund, share -> share.fundProvince().equals("330000"));
        assertThat(get("/api/v1/settlement/stats?" + RANGE + "&province=330000&side=fund", TestJwt.clearing(), 200))
                .isEqualTo(fund);

        JsonNode spend = get("/api/v1/settlement/stats?" + RANGE + "&province=330000&side=spend", TestJwt.clearing(), 200);
        assertThat(spend.get("side").asString()).isEqualTo("spend");
        assertThat(spend.get("totalFen").asLong()).isEqualTo(10_000 - 1_000 + 2_500 + 2 * LARGE);
        assertThat(cell(spend, "CROSS_PROVINCE", "RESIDENT_CONTRIBUTION")).containsExactly(2 * LARGE, 2L);
        assertMatches(spend, share -> share.spendProvince().equals("330000"));

        for (String province : List.of("350000", "320000", "110000")) {
            for (String side : List.of("fund", "spend")) {
                JsonNode report = get("/api/v1/settlement/stats?" + RANGE + "&province=" + province + "&side=" + side,
                        TestJwt.admin(), 200);
                assertMatches(report, share -> ("fund".equals(side) ? share.fundProvince() : share.spendProvince())
                        .equals(province));
            }
        }
    }

    @Test
    void aProvinceAgencyReadsItsOwnProvinceAndNothingElse() {
        String zhejiang = TestJwt.agency("330000");
        JsonNode own = get("/api/v1/settlement/stats?" + RANGE + "&province=330000&side=spend", zhejiang, 200);
        assertThat(own).isEqualTo(get("/api/v1/settlement/stats?" + RANGE + "&province=330000&side=spend",
                TestJwt.clearing(), 200));
        for (String path : List.of(RANGE + "&province=350000", RANGE + "&province=350000&side=spend", RANGE)) {
            JsonNode refused = get("/api/v1/settlement/stats?" + path, zhejiang, 403);
            assertThat(refused.get("code").asString()).isEqualTo("FORBIDDEN");
            assertThat(refused.has("totalFen")).as("no figure in a refusal").isFalse();
        }
        // A city agency settles with its province, not here; other roles never read statistics.
        for (String outsider : List.of(TestJwt.agency("330100"), TestJwt.insured("person-st"),
                TestJwt.provider("provider-st"))) {
            get("/api/v1/settlement/stats?" + RANGE + "&province=330000", outsider, 403);
        }
    }

    @Test
    void badQueriesAreProblemsAndARangeIsBounded() {
        String clearing = TestJwt.clearing();
        for (String bad : List.of("33000x", "330100", "000000", "3300000")) {
            assertThat(get("/api/v1/settlement/stats?" + RANGE + "&province=" + bad, clearing, 400).get("code").asString())
                    .isEqualTo("INVALID_PROVINCE");
        }
        assertThat(get("/api/v1/settlement/stats?" + RANGE + "&province=330000&side=both", clearing, 400)
                .get("code").asString()).isEqualTo("INVALID_SIDE");
        assertThat(get("/api/v1/settlement/stats?from=2017-03-31&to=2017-03-01&province=330000", clearing, 422)
                .get("code").asString()).isEqualTo("INVALID_RANGE");
        assertThat(get("/api/v1/settlement/stats?from=2014-01-01&to=2017-03-31", clearing, 422)
                .get("code").asString()).isEqualTo("INVALID_RANGE");
        assertThat(get("/api/v1/settlement/stats?from=2017-3-1&to=2017-03-31", clearing, 400).get("code").asString())
                .isEqualTo("MALFORMED_REQUEST");
        assertThat(get("/api/v1/settlement/stats?" + RANGE + "&format=xml", clearing, 422).get("code").asString())
                .isEqualTo("INVALID_FORMAT");
    }

    @Test
    void aProvinceExportsAsCsvUnderItsOwnName() {
        var result = web.get().uri("/api/v1/settlement/stats?" + RANGE + "&province=330000&side=spend&format=csv")
                .headers(h -> h.setBearerAuth(TestJwt.agency("330000"))).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult();
        assertThat(result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .contains("mutual-aid-330000-spend-2017-03-01-2017-03-31.csv");
        String csv = result.getResponseBody();
        assertThat(csv).startsWith("dimension,key,amountFen,uses\n")
                .contains("scope/category,CROSS_PROVINCE/RESIDENT_CONTRIBUTION," + 2 * LARGE + ",2\n")
                .endsWith("total,ALL," + (11_500 + 2 * LARGE) + ",4\n");
        assertThat(csv.lines()).hasSize(1 + 4 + 3 + 12 + 1);
    }

    /** The report equals what the test sent, counted independently: the in-range shares the filter keeps. */
    private void assertMatches(JsonNode report, Predicate<Share> counted) {
        Map<String, long[]> byCategory = new LinkedHashMap<>();
        Map<String, long[]> byScope = new LinkedHashMap<>();
        Map<String, long[]> cells = new LinkedHashMap<>();
        for (AidScope s : AidScope.values()) {
            byScope.put(s.name(), new long[2]);
            for (PaymentCategory c : PaymentCategory.values()) {
                cells.put(s.name() + "/" + c.name(), new long[2]);
            }
        }
        for (PaymentCategory c : PaymentCategory.values()) {
            byCategory.put(c.name(), new long[2]);
        }
        long[] total = new long[2];
        for (Movement m : inRange) {
            for (Share s : m.shares()) {
                if (!counted.test(s)) {
                    continue;
                }
                for (long[] sum : List.of(byCategory.get(m.category().name()), byScope.get(s.scope().name()),
                        cells.get(s.scope().name() + "/" + m.category().name()), total)) {
                    sum[0] += m.signed(s);
                    sum[1] += m.uses();
                }
            }
        }
        assertThat(report.get("totalFen").asLong()).isEqualTo(total[0]);
        assertThat(report.get("uses").asLong()).isEqualTo(total[1]);
        assertThat(rows(report.get("byCategory"), "key")).containsExactlyEntriesOf(lists(byCategory));
        assertThat(rows(report.get("byScope"), "key")).containsExactlyEntriesOf(lists(byScope));
        assertThat(rows(report.get("byScopeAndCategory"), null)).containsExactlyEntriesOf(lists(cells));
    }

    private static Map<String, List<Long>> lists(Map<String, long[]> sums) {
        Map<String, List<Long>> lists = new LinkedHashMap<>();
        sums.forEach((k, v) -> lists.put(k, List.of(v[0], v[1])));
        return lists;
    }

    /** Rows by key (or by scope/category for the cross table), in the order served. */
    private static Map<String, List<Long>> rows(JsonNode rows, String keyField) {
        Map<String, List<Long>> found = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String key = keyField != null ? row.get(keyField).asString()
                    : row.get("scope").asString() + "/" + row.get("category").asString();
            found.put(key, List.of(row.get("amountFen").asLong(), row.get("uses").asLong()));
        }
        return found;
    }

    private static List<Long> row(JsonNode rows, String key) {
        return rows(rows, "key").get(key);
    }

    private static List<Long> cell(JsonNode report, String scope, String category) {
        return rows(report.get("byScopeAndCategory"), null).get(scope + "/" + category);
    }

    private JsonNode get(String uri, String token, int status) {
        String body = web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).as("%s answers a body", uri).isNotNull();
        return Contracts.mapper().readTree(body);
    }

    private static Instant china(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(Period.CHINA).toInstant();
    }
}
