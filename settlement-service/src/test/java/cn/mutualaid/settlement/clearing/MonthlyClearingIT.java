package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.MonthTotal;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.settlement.WalletFeed.Movement;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.settlement.WalletFeed;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Two months of mutual-aid payments across five provinces, fed through Kafka as the wallet publishes them:
 * clearing, statements, the late line, reconciliation and settlement into prepaid funds, all checked against
 * figures this test computes from its own input. The only test class that settles periods (prepaid sizing looks
 * at the last settled periods, so it must be alone in doing that).
 */
@MeshTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthlyClearingIT {
    static final String JANUARY = "202401";
    static final String FEBRUARY = "202402";
    static final String[] AREAS = {"110100", "320100", "320500", "410100", "410300", "510100", "510700", "440100", "440300"};
    static final List<String> PROVINCES = List.of("110000", "320000", "410000", "440000", "510000");
    /** Top-ups before anything settles; 510000 deposits nothing. */
    static final Map<String, Long> TOP_UPS = Map.of("110000", 1_000_000L, "320000", 10L, "410000", 5_000_000L,
            "440000", 200_000L);

    @Autowired WebTestClient web;
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;
    WalletFeed feed;

    final List<Movement> january = new ArrayList<>();
    final List<Movement> february = new ArrayList<>();
    final List<Movement> all = new ArrayList<>();
    Movement lateLine;
    /** The test's own prepaid ledger: province → balance, status; and how many warnings each should have had. */
    final Map<String, Long> balances = new TreeMap<>();
    final Map<String, String> statuses = new TreeMap<>();
    final Map<String, Integer> warnings = new HashMap<>();
    final List<ExpectedClearing> settled = new ArrayList<>();

    @BeforeAll
    void setUp() {
        feed = new WalletFeed(bridge, db);
        Random random = new Random(20240101);
        Instant start = Period.parse(JANUARY).start();
        // The first and the last instant of January in China time belong to January.
        january.add(feed.capture("jan-first", PaymentCategory.MEDICAL_INSTITUTION, start,
                new Share("110100", "320500", 12_345)));
        january.add(feed.capture("jan-last", PaymentCategory.RETAIL_PHARMACY, Period.parse(JANUARY).end().minusSeconds(1),
                new Share("510100", "440300", 7_001), new Share("510700", "510100", 999)));
        for (int i = 0; i < 40; i++) {
            Instant at = start.plus(Duration.ofMinutes(random.nextInt(30 * 24 * 60)));
            PaymentCategory category = PaymentCategory.values()[random.nextInt(4)];
            int shares = 1 + random.nextInt(2);
            Share[] s = new Share[shares];
            for (int k = 0; k < shares; k++) {
                s[k] = new Share(AREAS[random.nextInt(AREAS.length)], AREAS[random.nextInt(AREAS.length)],
                        100 + random.nextInt(50_000));
            }
            Movement capture = feed.capture("jan-" + i, category, at, s);
            january.add(capture);
            if (i % 5 == 0) {
                // A partial refund later in the same month.
                january.add(feed.refund(capture, at.plus(Duration.ofHours(3)).isBefore(Period.parse(JANUARY).end())
                        ? at.plus(Duration.ofHours(3)) : at, new Share(s[0].fundArea(), s[0].spendArea(), s[0].fen() / 3)));
            }
        }
        all.addAll(january);
    }

    @Test
    @Order(1)
    void aMonthAcrossFiveProvincesClearsExactly() {
        TOP_UPS.forEach((province, fen) -> {
            web.post().uri("/api/v1/settlement/prepaid-funds/{p}/top-ups", province)
                    .headers(h -> h.setBearerAuth(TestJwt.clearing())).contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", "initial-" + province)
                    .bodyValue(Map.of("amountFen", fen, "reference", "initial-" + province))
                    .exchange().expectStatus().isCreated();
            balances.put(province, fen);
            statuses.put(province, "OK");
        });

        // Every event once, and a few of them twice (Kafka delivers at least once).
        List<Envelope> envelopes = new ArrayList<>(WalletFeed.envelopes(january));
        envelopes.add(january.get(3).envelope());
        envelopes.add(january.get(7).envelope());
        envelopes.add(january.get(7).envelope());
        envelopes.add(feed.marker(january.get(3).paymentId()));
        envelopes.add(feed.marker(january.get(7).paymentId()));
        feed.send(envelopes);

        ExpectedClearing expected = new ExpectedClearing(january);
        assertThat(expected.positions.keySet().stream().flatMap(k -> List.of(k.split(">")).stream()).distinct().count())
                .as("the input spans at least four provinces across borders").isGreaterThanOrEqualTo(4);

        JsonNode open = get("/api/v1/settlement/periods/" + JANUARY);
        assertThat(open.get("status").asString()).isEqualTo("OPEN");
        assertThat(open.get("totalFen").asLong()).isEqualTo(expected.totalFen);
        assertThat(open.get("uses").asLong()).isEqualTo(expected.uses);

        JsonNode closed = close(JANUARY);
        assertThat(closed.get("status").asString()).isEqualTo("CLEARED");
        assertThat(closed.get("totalFen").asLong()).isEqualTo(expected.totalFen);
        assertThat(closed.get("uses").asLong()).isEqualTo(expected.uses);
        assertThat(closed.get("crossProvinceFen").asLong()).isEqualTo(expected.crossFen);
        assertThat(closed.get("lateLines").asLong()).isZero();
        assertThat(closed.get("statements").get("issued").asLong()).isEqualTo(expected.statements.size());
        assertThat(closed.get("reconciliation").get("status").asString()).isEqualTo("PENDING");

        assertClearing(JANUARY, expected);

        // Closing twice changes nothing: same figures, no second event.
        JsonNode again = close(JANUARY);
        assertThat(again.get("closedAt").asString()).isEqualTo(closed.get("closedAt").asString());
        assertThat(again.get("totalFen").asLong()).isEqualTo(expected.totalFen);
        assertThat(outboxCount("PeriodClosed", JANUARY)).isEqualTo(1);
        for (String province : expected.statements.keySet()) {
            assertThat(outboxCount("StatementIssued", province)).isEqualTo(1);
        }
        assertClearing(JANUARY, expected);
    }

    @Test
    @Order(2)
    void aLineDatedInAClosedMonthGoesToTheOpenMonthAsLate() {
        Instant midJanuary = LocalDateTime.parse("2024-01-20T10:00:00").atZone(Period.CHINA).toInstant();
        lateLine = feed.capture("jan-late", PaymentCategory.MEDICAL_INSTITUTION, midJanuary,
                new Share("410300", "110100", 4_321));
        all.add(lateLine);
        feed.send(lateLine.envelope());
        // A January event delivered again after the close changes nothing either.
        feed.publish(january.get(0).envelope());
        feed.send(feed.marker(january.get(0).paymentId()));

        JsonNode feb = get("/api/v1/settlement/periods/" + FEBRUARY);
        assertThat(feb.get("status").asString()).isEqualTo("OPEN");
        assertThat(feb.get("lateLines").asLong()).isEqualTo(1);
        assertThat(feb.get("lateFen").asLong()).isEqualTo(4_321);
        assertThat(feb.get("totalFen").asLong()).isEqualTo(4_321);
        JsonNode jan = get("/api/v1/settlement/periods/" + JANUARY);
        assertThat(jan.get("totalFen").asLong()).isEqualTo(new ExpectedClearing(january).totalFen);
        assertClearing(JANUARY, new ExpectedClearing(january));
    }

    @Test
    @Order(3)
    void confirmedAndReconciledMonthSettlesIntoPrepaidFunds() {
        ExpectedClearing expected = new ExpectedClearing(january);
        List<String> provinces = new ArrayList<>(expected.statements.keySet());

        // Only the province's own agency confirms.
        String first = provinces.get(0);
        String other = provinces.get(1);
        web.post().uri("/api/v1/settlement/periods/{p}/statements/{s}/confirm", JANUARY, first)
                .headers(h -> h.setBearerAuth(TestJwt.agency(other))).exchange().expectStatus().isForbidden();
        web.post().uri("/api/v1/settlement/periods/{p}/statements/{s}/confirm", JANUARY, first)
                .headers(h -> h.setBearerAuth(TestJwt.clearing())).exchange().expectStatus().isForbidden();
        web.post().uri("/api/v1/settlement/periods/{p}/statements/{s}/confirm", JANUARY, first)
                .headers(h -> h.setBearerAuth(TestJwt.agency(first.substring(0, 2) + "0100"))).exchange()
                .expectStatus().isForbidden();

        // All provinces confirm at the same time.
        provinces.parallelStream().forEach(province -> {
            JsonNode confirmed = confirm(JANUARY, province);
            assertThat(confirmed.get("status").asString()).isEqualTo("CONFIRMED");
            assertThat(confirmed.get("confirmedBy").asString()).isEqualTo("agency-" + province);
        });
        // Confirming twice changes nothing.
        JsonNode twice = confirm(JANUARY, first);
        assertThat(outboxCount("StatementConfirmed", first)).isEqualTo(1);
        assertThat(twice.get("status").asString()).isEqualTo("CONFIRMED");

        JsonNode waiting = get("/api/v1/settlement/periods/" + JANUARY);
        assertThat(waiting.get("status").asString()).isEqualTo("CLEARED");
        assertThat(waiting.get("blockers")).extracting(JsonNode::asString).containsExactly("RECONCILIATION_PENDING");
        assertThat(prepaid()).doesNotContainKey("510000");

        // The wallet's totals by capture/refund month include the late line (dated January, booked in February).
        feed.send(WalletFeed.wrap(WalletFeed.walletTotals(JANUARY, all)));
        JsonNode settledMonth = get("/api/v1/settlement/periods/" + JANUARY);
        assertThat(settledMonth.get("reconciliation").get("status").asString()).isEqualTo("MATCHED");
        assertThat(settledMonth.get("reconciliation").get("differences")).isEmpty();
        assertThat(settledMonth.get("status").asString()).isEqualTo("SETTLED");
        assertThat(settledMonth.get("blockers")).isEmpty();

        settle(expected);
        assertPrepaid();
        // The funds moved exactly once: one journal entry per province with a non-zero net.
        long movers = expected.statements.keySet().stream().filter(p -> expected.net(p) != 0).count();
        assertThat(db.sql("select count(*) from prepaid_journal where reference = 'SETTLEMENT-" + JANUARY + "'")
                .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(movers);
    }

    @Test
    @Order(4)
    void aOneFenMismatchBlocksSettlementUntilTheWalletAgrees() {
        Instant start = Period.parse(FEBRUARY).start();
        february.add(feed.capture("feb-1", PaymentCategory.RESIDENT_CONTRIBUTION, start.plus(Duration.ofDays(2)),
                new Share("320100", "410100", 40_000)));
        february.add(feed.capture("feb-2", PaymentCategory.LTC_CONTRIBUTION, start.plus(Duration.ofDays(3)),
                new Share("440100", "510100", 25_000), new Share("110100", "510700", 3_000)));
        february.add(feed.capture("feb-3", PaymentCategory.MEDICAL_INSTITUTION, start.plus(Duration.ofDays(4)),
                new Share("320500", "320100", 8_000)));
        // A January payment refunded in February: a negative line in February.
        Movement janPayment = january.get(0);
        february.add(feed.refund(janPayment, start.plus(Duration.ofDays(5)),
                new Share(janPayment.shares().get(0).fundArea(), janPayment.shares().get(0).spendArea(), 2_000)));
        all.addAll(february);
        feed.send(WalletFeed.envelopes(february));

        List<Movement> booked = new ArrayList<>(february);
        booked.add(lateLine);
        ExpectedClearing expected = new ExpectedClearing(booked);
        JsonNode closed = close(FEBRUARY);
        assertThat(closed.get("status").asString()).isEqualTo("CLEARED");
        assertThat(closed.get("lateLines").asLong()).isEqualTo(1);
        assertThat(closed.get("lateFen").asLong()).isEqualTo(4_321);
        assertClearing(FEBRUARY, expected);
        expected.statements.keySet().forEach(province -> confirm(FEBRUARY, province));

        // The wallet says one fen more in one cell: MISMATCH, shown, and the month does not settle.
        WalletMonthTotals right = WalletFeed.walletTotals(FEBRUARY, all);
        List<MonthTotal> cells = new ArrayList<>(right.totals());
        MonthTotal cell = cells.get(0);
        cells.set(0, new MonthTotal(cell.fundProvince(), cell.spendProvince(), cell.category(), cell.capturedFen() + 1,
                cell.refundedFen(), cell.captures(), cell.refunds()));
        feed.send(WalletFeed.wrap(new WalletMonthTotals(FEBRUARY, cells, Instant.now())));

        JsonNode blocked = get("/api/v1/settlement/periods/" + FEBRUARY);
        assertThat(blocked.get("status").asString()).isEqualTo("CLEARED");
        assertThat(blocked.get("statements").get("confirmed").asLong()).isEqualTo(expected.statements.size());
        assertThat(blocked.get("blockers")).extracting(JsonNode::asString).containsExactly("RECONCILIATION_MISMATCH");
        JsonNode rec = blocked.get("reconciliation");
        assertThat(rec.get("status").asString()).isEqualTo("MISMATCH");
        assertThat(rec.get("differences")).hasSize(1);
        JsonNode difference = rec.get("differences").get(0);
        assertThat(difference.get("fundProvince").asString()).isEqualTo(cell.fundProvince());
        assertThat(difference.get("spendProvince").asString()).isEqualTo(cell.spendProvince());
        assertThat(difference.get("category").asString()).isEqualTo(cell.category().name());
        assertThat(difference.get("walletCapturedFen").asLong()).isEqualTo(cell.capturedFen() + 1);
        assertThat(difference.get("clearingCapturedFen").asLong()).isEqualTo(cell.capturedFen());
        assertPrepaid();

        // The wallet corrects itself: MATCHED, and the month settles.
        feed.send(WalletFeed.wrap(right));
        JsonNode done = get("/api/v1/settlement/periods/" + FEBRUARY);
        assertThat(done.get("reconciliation").get("status").asString()).isEqualTo("MATCHED");
        assertThat(done.get("status").asString()).isEqualTo("SETTLED");
        settle(expected);
        assertPrepaid();
    }

    // --- the test's own arithmetic -------------------------------------------------------------------------------

    /** Applies a settled month to the test's prepaid ledger: nets, then required level and status. */
    private void settle(ExpectedClearing month) {
        settled.add(0, month);
        month.statements.keySet().forEach(province -> {
            balances.merge(province, month.net(province), Long::sum);
            statuses.putIfAbsent(province, "OK");
        });
        for (String province : balances.keySet()) {
            String status = statusOf(balances.get(province), required(province));
            if ("OK".equals(statuses.get(province)) && !"OK".equals(status)) {
                warnings.merge(province, 1, Integer::sum);
            }
            statuses.put(province, status);
        }
    }

    /** 2 months × average net outflow over the last (up to) 3 settled months, rounded up. */
    private long required(String province) {
        List<ExpectedClearing> window = settled.subList(0, Math.min(3, settled.size()));
        long outflow = 0;
        for (ExpectedClearing month : window) {
            if (month.statements.containsKey(province)) {
                outflow += Math.max(0, -month.net(province));
            }
        }
        return window.isEmpty() ? 0 : (2 * outflow + window.size() - 1) / window.size();
    }

    private static String statusOf(long balance, long required) {
        if (balance < 0) {
            return "OVERDRAWN";
        }
        return balance * 2 < required ? "LOW" : "OK";
    }

    // --- checks against the service ------------------------------------------------------------------------------

    private void assertClearing(String period, ExpectedClearing expected) {
        JsonNode body = get("/api/v1/settlement/periods/" + period + "/positions");
        Map<String, long[]> positions = new TreeMap<>();
        for (JsonNode p : body.get("positions")) {
            positions.put(p.get("fundProvince").asString() + ">" + p.get("spendProvince").asString(),
                    new long[] {p.get("amountFen").asLong(), p.get("uses").asLong()});
        }
        assertThat(positions.keySet()).isEqualTo(expected.positions.keySet());
        expected.positions.forEach((pair, v) -> assertThat(positions.get(pair)).as(pair).containsExactly(v));

        long sum = 0;
        TreeSet<String> crossProvinces = new TreeSet<>();
        expected.positions.keySet().forEach(k -> crossProvinces.addAll(List.of(k.split(">"))));
        List<String> netProvinces = new ArrayList<>();
        for (JsonNode n : body.get("nets")) {
            String province = n.get("province").asString();
            netProvinces.add(province);
            assertThat(n.get("netFen").asLong()).as(province).isEqualTo(expected.net(province));
            sum += n.get("netFen").asLong();
        }
        assertThat(netProvinces).containsExactlyElementsOf(crossProvinces);
        assertThat(sum).isZero();

        for (String province : PROVINCES) {
            long[] s = expected.statements.get(province);
            if (s == null) {
                web.get().uri("/api/v1/settlement/periods/{p}/statements/{s}", period, province)
                        .headers(h -> h.setBearerAuth(TestJwt.clearing())).exchange().expectStatus().isNotFound();
                continue;
            }
            // The province's own agency reads it too.
            JsonNode st = get("/api/v1/settlement/periods/" + period + "/statements/" + province, TestJwt.agency(province));
            assertThat(new long[] {st.get("payableFen").asLong(), st.get("payableUses").asLong(),
                    st.get("receivableFen").asLong(), st.get("receivableUses").asLong(),
                    st.get("withinProvinceFen").asLong(), st.get("withinProvinceUses").asLong()})
                    .as(province).containsExactly(s);
            assertThat(st.get("netFen").asLong()).isEqualTo(expected.net(province));
            Map<String, long[]> areas = new TreeMap<>();
            long areaNets = 0;
            for (JsonNode a : st.get("areas")) {
                areas.put(province + "/" + a.get("poolingArea").asString(), new long[] {
                        a.get("payableFen").asLong(), a.get("payableUses").asLong(),
                        a.get("receivableFen").asLong(), a.get("receivableUses").asLong(),
                        a.get("withinFundFen").asLong(), a.get("withinFundUses").asLong(),
                        a.get("withinSpendFen").asLong(), a.get("withinSpendUses").asLong()});
                areaNets += a.get("netFen").asLong();
            }
            Map<String, long[]> expectedAreas = new TreeMap<>(expected.areas);
            expectedAreas.keySet().removeIf(k -> !k.startsWith(province + "/"));
            assertThat(areas.keySet()).isEqualTo(expectedAreas.keySet());
            expectedAreas.forEach((area, v) -> assertThat(areas.get(area)).as(area).containsExactly(v));
            assertThat(areaNets).as("the areas' nets add up to the province's").isEqualTo(expected.net(province));
        }
    }

    private void assertPrepaid() {
        Map<String, JsonNode> funds = prepaid();
        assertThat(funds.keySet()).containsAll(balances.keySet());
        balances.forEach((province, balance) -> {
            JsonNode fund = funds.get(province);
            assertThat(fund.get("balanceFen").asLong()).as(province).isEqualTo(balance);
            assertThat(fund.get("requiredFen").asLong()).as(province).isEqualTo(required(province));
            assertThat(fund.get("status").asString()).as(province).isEqualTo(statuses.get(province));
            assertThat(outboxCount("PrepaidFundLow", province)).as(province)
                    .isEqualTo((long) warnings.getOrDefault(province, 0));
        });
        // Clearing moves money between provinces; it never creates or destroys any.
        long total = balances.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(TOP_UPS.values().stream().mapToLong(Long::longValue).sum());
    }

    private Map<String, JsonNode> prepaid() {
        Map<String, JsonNode> funds = new TreeMap<>();
        for (JsonNode fund : get("/api/v1/settlement/prepaid-funds?size=200")) {
            funds.put(fund.get("province").asString(), fund);
        }
        return funds;
    }

    private JsonNode close(String period) {
        return json(web.post().uri("/api/v1/settlement/periods/{p}/close", period)
                .headers(h -> h.setBearerAuth(TestJwt.clearing())).exchange()
                .expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody());
    }

    private JsonNode confirm(String period, String province) {
        return json(web.post().uri("/api/v1/settlement/periods/{p}/statements/{s}/confirm", period, province)
                .headers(h -> h.setBearerAuth(TestJwt.agency(province))).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private JsonNode get(String uri) {
        return get(uri, TestJwt.clearing());
    }

    private JsonNode get(String uri, String token) {
        return json(web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static JsonNode json(String body) {
        return Contracts.mapper().readTree(body);
    }

    private long outboxCount(String type, String aggregateId) {
        return db.sql("select count(*) from outbox where type = :type and aggregate_id = :id")
                .bind("type", type).bind("id", aggregateId)
                .map(row -> row.get(0, Long.class)).one().block();
    }
}
