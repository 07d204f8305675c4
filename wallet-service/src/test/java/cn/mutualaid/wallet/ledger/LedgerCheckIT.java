package cn.mutualaid.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The journal check finds an account that no longer matches its journal (agencies for their area, clearing and admin for the nation), and
 * the in-transaction invariant check refuses to commit a movement that would leave frozen money unmatched.
 */
@MeshTest
class LedgerCheckIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;

    @Test
    void aTamperedAccountIsReportedAndPersonsOrProvidersMayNotCheck() {
        Wallet w = new Wallet(web, db, bridge);
        String person = w.employee("320500", 1000);
        w.assertLedgerOk();
        db.sql("update account set balance_fen = balance_fen + 1 where person_id = :p").bind("p", person).fetch().rowsUpdated().block();
        try {
            Map<String, Object> check = web.get().uri("/api/v1/ledger/check")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.agency("320500"))
                    .exchange().expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
            assertThat(check.get("ok")).isEqualTo(false);
            assertThat((List<?>) check.get("problems")).anySatisfy(p -> {
                assertThat(((Map<?, ?>) p).get("kind")).isEqualTo("ACCOUNT_MISMATCH");
                assertThat(((Map<?, ?>) p).get("id")).isEqualTo(person);
            });
        } finally {
            db.sql("update account set balance_fen = balance_fen - 1 where person_id = :p").bind("p", person).fetch().rowsUpdated().block();
        }
        w.assertLedgerOk();
        // National reads are for CLEARING and ADMIN (LedgerScopeIT); persons and providers never run it.
        for (String token : List.of(TestJwt.insured(person), TestJwt.provider("p"))) {
            web.get().uri("/api/v1/ledger/check").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().expectStatus().isForbidden();
        }
        web.get().uri("/api/v1/ledger/check").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aPaymentThatWouldLeaveFrozenMoneyUnmatchedByQuotasIsRolledBack() {
        Wallet w = new Wallet(web, db, bridge);
        String parent = w.employee("320500", 5000);
        String child = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String relation = w.quota(parent, child, 3000);
        // Simulate a bug elsewhere: the quota grants one fen more than the account keeps frozen.
        db.sql("update quota set granted_fen = granted_fen + 1 where relation_id = :r").bind("r", relation).fetch().rowsUpdated().block();
        try {
            w.pay(hospital, UUID.randomUUID().toString(), w.code(child), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true)
                    .expectStatus().isEqualTo(500);
            assertThat(w.account(parent)).containsExactly(5000L, 3000L);
            assertThat(w.quotaOf(relation)).containsExactly(3001L, 0L, 0L, 0L);
            assertThat(w.count("select count(*) from payment where patient_id = :id", child)).isZero();
        } finally {
            db.sql("update quota set granted_fen = granted_fen - 1 where relation_id = :r").bind("r", relation).fetch().rowsUpdated().block();
        }
        w.pay(hospital, UUID.randomUUID().toString(), w.code(child), child, 100, PaymentCategory.MEDICAL_INSTITUTION, true)
                .expectStatus().isCreated();
        w.assertLedgerOk();
    }
}
