package cn.mutualaid.wallet.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import cn.mutualaid.wallet.support.Wallet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The wallet (医保钱包) is activated by its owner or at a counter by the agency of the person's area; before that it
 * neither sets quotas nor gets payment codes (409 WALLET_NOT_ACTIVE, nothing changed).
 */
@MeshTest
class WalletActivationIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    private Map<String, Object> activated(String person, String token) {
        return w.activate(person, token).expectStatus().isOk().expectBody(Wallet.JSON).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec state(String person, String token) {
        return web.get().uri("/api/v1/wallets/{p}", person).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private long audits(String person) {
        return w.count("select count(*) from audit_log where action = 'wallet.activate' and target_id = :id", person);
    }

    private long activations(String person) {
        return w.count("select count(*) from wallet_activation where person_id = :id", person);
    }

    @Test
    void theOwnerActivatesOnceAndARepeatAnswersTheSameInstant() {
        String person = w.enrolInactive(Scheme.EMPLOYEE, "320500");
        state(person, TestJwt.insured(person)).expectStatus().isOk().expectBody()
                .jsonPath("$.personId").isEqualTo(person).jsonPath("$.active").isEqualTo(false);

        Map<String, Object> first = activated(person, TestJwt.insured(person));
        assertThat(first).containsEntry("personId", person).containsKey("activatedAt");
        assertThat(audits(person)).isEqualTo(1);
        assertThat(w.count("select count(*) from audit_log where action = 'wallet.activate' and target_id = :id"
                + " and actor = target_id and target_area = '320500'", person)).isEqualTo(1);

        Map<String, Object> again = activated(person, TestJwt.insured(person));
        assertThat(again).isEqualTo(first);
        assertThat(activated(person, TestJwt.agency("320500"))).isEqualTo(first);
        assertThat(audits(person)).as("a repeat changes nothing, so it is not audited").isEqualTo(1);
        state(person, TestJwt.insured(person)).expectStatus().isOk().expectBody()
                .jsonPath("$.active").isEqualTo(true).jsonPath("$.activatedAt").isEqualTo(first.get("activatedAt"));
    }

    @Test
    void theAgencyOfThePersonsAreaActivatesAtTheCounterEvenWithoutAnAccount() {
        String resident = w.enrolInactive(Scheme.RESIDENT, "410100");
        assertThat(w.count("select count(*) from account where person_id = :id", resident)).isZero();

        assertThat(activated(resident, TestJwt.agency("410000"))).containsEntry("personId", resident);
        assertThat(w.count("select count(*) from audit_log where action = 'wallet.activate' and target_id = :id"
                + " and actor_role = 'AGENCY' and target_area = '410100'", resident)).isEqualTo(1);
        state(resident, TestJwt.agency("410100")).expectStatus().isOk().expectBody().jsonPath("$.active").isEqualTo(true);
    }

    @Test
    void othersAreRefusedAndNothingChanges() {
        String person = w.enrolInactive(Scheme.EMPLOYEE, "320500");
        String stranger = w.enrol(Scheme.EMPLOYEE, "320500");
        for (String outsider : List.of(TestJwt.agency("320100"), TestJwt.agency("410000"), TestJwt.insured(stranger))) {
            w.activate(person, outsider).expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
            state(person, outsider).expectStatus().isNotFound();
        }
        w.activate(person, TestJwt.provider("prov-" + UUID.randomUUID())).expectStatus().isForbidden();
        w.activate(person, TestJwt.clearing()).expectStatus().isForbidden();
        w.activate("emp-" + UUID.randomUUID(), TestJwt.agency("320500")).expectStatus().isNotFound();

        assertThat(activations(person)).isZero();
        assertThat(audits(person)).isZero();
        state(person, TestJwt.agency("320500")).expectStatus().isOk().expectBody().jsonPath("$.active").isEqualTo(false);
    }

    @Test
    void aQuotaNeedsTheBenefactorsActiveWallet() {
        String parent = w.enrolInactive(Scheme.EMPLOYEE, "320500");
        await().atMost(Wallet.WAIT).until(() -> w.count("select count(*) from account where person_id = :id", parent) == 1);
        w.credit(parent, "320500", 10_000, "alloc-" + UUID.randomUUID()).expectStatus().isCreated();
        String child = w.enrol(Scheme.RESIDENT, "320500");
        String relation = w.relation(parent, child);

        w.setQuota(parent, relation, 3_000).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("WALLET_NOT_ACTIVE");
        assertThat(w.count("select count(*) from quota where relation_id = :id", relation)).isZero();
        assertThat(w.account(parent)).containsExactly(10_000L, 0L);
        assertThat(w.count("select count(*) from audit_log where action = 'quota.set' and target_id = :id", relation)).isZero();

        activated(parent, TestJwt.insured(parent));
        w.setQuota(parent, relation, 3_000).expectStatus().isOk().expectBody().jsonPath("$.grantedFen").isEqualTo(3_000);
        assertThat(w.account(parent)).containsExactly(10_000L, 3_000L);
    }

    @Test
    void aPaymentCodeNeedsTheHoldersActiveWallet() {
        String child = w.enrolInactive(Scheme.RESIDENT, "320500");
        web.post().uri("/api/v1/payment-codes").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwt.insured(child))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("WALLET_NOT_ACTIVE");
        assertThat(w.count("select count(*) from payment_code where person_id = :id", child)).isZero();

        activated(child, TestJwt.agency("320500"));
        assertThat(w.code(child)).isNotBlank();
        assertThat(w.count("select count(*) from payment_code where person_id = :id", child)).isEqualTo(1);
    }
}
