package cn.mutualaid.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every wallet route, called by an agency of another area (another city of the province, another province's city,
 * another province): refused with 404 where existence must not leak, and nothing changes anywhere in the wallet.
 */
@MeshTest
class AreaAuthorityIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;

    /** What could change for these persons: credits, journal, events, audit entries, payments, quotas, money. */
    long[] snapshot(List<String> persons, List<String> targets) {
        return db.sql("""
                        select (select count(*) from credit where person_id in (:p)),
                               (select count(*) from posting where person_id in (:p)),
                               (select count(*) from outbox where aggregate_id in (:p) or aggregate_id in (:t)),
                               (select count(*) from audit_log where target_id in (:t)),
                               (select count(*) from payment where patient_id in (:p)),
                               (select coalesce(sum(granted_fen), 0)::bigint from quota where relation_id in (:t)),
                               (select coalesce(sum(balance_fen), 0)::bigint from account where person_id in (:p)),
                               (select coalesce(sum(frozen_fen), 0)::bigint from account where person_id in (:p))""")
                .bind("p", persons).bind("t", targets)
                .map(row -> new long[] {row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class),
                        row.get(3, Long.class), row.get(4, Long.class), row.get(5, Long.class), row.get(6, Long.class),
                        row.get(7, Long.class)})
                .one().block();
    }

    WebTestClient.ResponseSpec call(HttpMethod method, String path, String token, Object body) {
        var request = web.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        if (method == HttpMethod.POST) {
            request = request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    @Test
    void anotherAreasAgencyIsRefusedEverywhereAndNothingChanges() {
        Wallet w = new Wallet(web, db, bridge);
        String parent = w.employee("320500", 10_000);
        String child = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String relation = w.quota(parent, child, 3_000);
        String payment = (String) w.paid(hospital, child, 500, PaymentCategory.MEDICAL_INSTITUTION, true).get("paymentId");
        String pending = (String) web.post().uri("/api/v1/accounts/{p}/credits", parent)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.mint("op-a", "320500", Duration.ofHours(1), "AGENCY"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("amountFen", 2_000_000, "reference", "big-one")).exchange()
                .expectStatus().isAccepted().expectBody(Wallet.JSON).returnResult().getResponseBody().get("creditId");

        List<String> persons = List.of(parent, child);
        List<String> targets = List.of(pending, relation, payment);
        long[] before = snapshot(persons, targets);
        for (String area : List.of("320100", "410100", "410000")) {
            String outsider = TestJwt.agency(area);
            call(HttpMethod.POST, "/api/v1/accounts/" + parent + "/credits", outsider,
                    Map.of("amountFen", 100, "reference", "outsider-" + area)).expectStatus().isNotFound();
            call(HttpMethod.POST, "/api/v1/credits/" + pending + "/approve", outsider, null).expectStatus().isNotFound();
            call(HttpMethod.GET, "/api/v1/accounts/" + parent, outsider, null).expectStatus().isNotFound();
            call(HttpMethod.GET, "/api/v1/accounts/" + parent + "/journal", outsider, null).expectStatus().isNotFound();
            call(HttpMethod.GET, "/api/v1/payments/" + payment, outsider, null).expectStatus().isNotFound();
            call(HttpMethod.PUT, "/api/v1/relations/" + relation + "/quota", outsider, Map.of("amountFen", 0))
                    .expectStatus().isForbidden();
            assertThat(call(HttpMethod.GET, "/api/v1/credits", outsider, null).expectStatus().isOk()
                    .expectBody(Wallet.JSON_LIST).returnResult().getResponseBody())
                    .noneSatisfy(c -> assertThat(c.get("creditId")).isEqualTo(pending));
            assertThat(call(HttpMethod.GET, "/api/v1/ledger/check", outsider, null).expectStatus().isOk()
                    .expectBody(Wallet.JSON).returnResult().getResponseBody()).containsEntry("scope", area);
        }
        assertThat(snapshot(persons, targets)).containsExactly(before);

        // The same calls by the area's own agency are answered.
        call(HttpMethod.GET, "/api/v1/accounts/" + parent, TestJwt.agency("320500"), null).expectStatus().isOk();
        call(HttpMethod.GET, "/api/v1/payments/" + payment, TestJwt.agency("320000"), null).expectStatus().isOk();
    }
}
