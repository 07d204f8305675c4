package cn.mutualaid.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
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
}
