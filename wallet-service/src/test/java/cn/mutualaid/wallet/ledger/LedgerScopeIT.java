package cn.mutualaid.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.ledger.domain.LedgerReport;
import cn.mutualaid.wallet.ledger.domain.LedgerScope;
import cn.mutualaid.wallet.ledger.store.LedgerCheck;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** CLEARING and ADMIN check the nation; an area's agency checks its own accounts only, with their totals only. */
@MeshTest
class LedgerScopeIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired LedgerCheck ledger;

    Map<String, Object> check(String token) {
        return web.get().uri("/api/v1/ledger/check").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    long sum(String column, String where) {
        return db.sql("select coalesce(sum(" + column + "), 0)::bigint from account where " + where)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    @Test
    void anAgencySeesTheTotalsAndProblemsOfItsOwnAreaOnly() {
        Wallet w = new Wallet(web, db, bridge);
        // Xining (630100, Qinghai) and Haidong (630200) are used by this test only.
        String inXining = w.employee("630100", 700);
        String inHaidong = w.employee("630200", 300);

        Map<String, Object> city = check(TestJwt.agency("630100"));
        assertThat(city).containsEntry("scope", "630100").containsEntry("ok", true)
                .containsEntry("accounts", 1).containsEntry("totalBalanceFen", 700);
        Map<String, Object> province = check(TestJwt.agency("630000"));
        assertThat(province).containsEntry("scope", "630000").containsEntry("accounts", 2)
                .containsEntry("totalBalanceFen", 1000);
        for (String national : List.of(TestJwt.clearing(), TestJwt.admin())) {
            Map<String, Object> all = check(national);
            assertThat(all).containsEntry("scope", "NATIONAL");
            assertThat(((Number) all.get("totalBalanceFen")).longValue()).isGreaterThanOrEqualTo(1000)
                    .isEqualTo(sum("balance_fen", "true"));
        }

        // A problem in Haidong is the province's and the nation's business, not Xining's.
        db.sql("update account set balance_fen = balance_fen + 1 where person_id = :p").bind("p", inHaidong)
                .fetch().rowsUpdated().block();
        try {
            assertThat(check(TestJwt.agency("630100"))).containsEntry("ok", true);
            assertThat((List<?>) check(TestJwt.agency("630000")).get("problems")).singleElement()
                    .satisfies(p -> assertThat(((Map<?, ?>) p).get("id")).isEqualTo(inHaidong));
            assertThat((List<?>) check(TestJwt.clearing()).get("problems"))
                    .anySatisfy(p -> assertThat(((Map<?, ?>) p).get("id")).isEqualTo(inHaidong));
        } finally {
            db.sql("update account set balance_fen = balance_fen - 1 where person_id = :p").bind("p", inHaidong)
                    .fetch().rowsUpdated().block();
        }
        assertThat(inXining).isNotEqualTo(inHaidong);
    }

    /**
     * An area's check reads its accounts' rows through their indexes, the nation's reads whole tables: two ways of
     * reading, one set of rules. Each kind of problem, made in an area of its own, is found by both, with the same
     * words, and by no other area's check.
     */
    @Test
    void theAreasCheckFindsEveryKindOfProblemAsTheNationsDoes() {
        Wallet w = new Wallet(web, db, bridge);
        // Yinchuan (640100, Ningxia) is used by this test only.
        String parent = w.employee("640100", 10_000);
        String child = w.employee("640100", 0);
        String relation = w.quota(parent, child, 3_000);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "640100");
        w.paid(hospital, child, 500, PaymentCategory.MEDICAL_INSTITUTION, true);
        String quota = db.sql("select quota_id::text from quota where relation_id = :r").bind("r", relation)
                .map(row -> row.get(0, String.class)).one().block();
        long[] account = w.account(parent);
        assertThat(run(area("640100")).ok()).isTrue();

        // One posting too many in the parent's latest transaction (unbalanced, and the account off its journal), and
        // a quota holding money no payment holds.
        db.sql("""
                insert into posting (tx_id, ledger, person_id, amount_fen)
                select tx_id, 'AVAILABLE', person_id, 1 from posting where person_id = :p order by tx_id desc limit 1""")
                .bind("p", parent).fetch().rowsUpdated().block();
        db.sql("update quota set held_fen = held_fen + 7 where quota_id = :q::uuid").bind("q", quota).fetch().rowsUpdated().block();
        try {
            LedgerReport city = run(area("640100"));
            LedgerReport province = run(new LedgerScope("640000", "640000", "649999"));
            LedgerReport nation = run(LedgerScope.NATIONAL);
            assertThat(city.ok()).isFalse();
            assertThat(city.problems()).extracting(LedgerReport.Problem::kind)
                    .containsExactly("UNBALANCED_TRANSACTION", "ACCOUNT_MISMATCH", "QUOTA_MISMATCH");
            assertThat(city.problems()).filteredOn(p -> p.kind().equals("ACCOUNT_MISMATCH")).singleElement()
                    .satisfies(p -> assertThat(p.id()).isEqualTo(parent))
                    .satisfies(p -> assertThat(p.detail()).isEqualTo("account balance %d frozen %d; journal balance %d frozen %d; quotas keep frozen %d"
                            .formatted(account[0], account[1], account[0] + 1, account[1], account[1])));
            assertThat(city.problems()).filteredOn(p -> p.kind().equals("QUOTA_MISMATCH")).singleElement()
                    .satisfies(p -> assertThat(p.id()).isEqualTo(quota))
                    .satisfies(p -> assertThat(p.detail()).isEqualTo("quota held 7 used 500; payments hold 0 and used 500"));
            assertThat(province.problems()).containsExactlyElementsOf(city.problems());
            assertThat(nation.problems()).containsAll(city.problems());
            assertThat(run(area("630100")).ok()).isTrue();
        } finally {
            db.sql("delete from posting where person_id = :p and ledger = 'AVAILABLE' and amount_fen = 1").bind("p", parent)
                    .fetch().rowsUpdated().block();
            db.sql("update quota set held_fen = held_fen - 7 where quota_id = :q::uuid").bind("q", quota).fetch().rowsUpdated().block();
        }
        assertThat(run(area("640100")).ok()).isTrue();
    }

    private static LedgerScope area(String area) {
        return new LedgerScope(area, area, area);
    }

    private LedgerReport run(LedgerScope scope) {
        return ledger.run(scope, Duration.ofSeconds(30)).block();
    }
}
