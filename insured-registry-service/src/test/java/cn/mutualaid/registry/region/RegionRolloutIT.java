package cn.mutualaid.registry.region;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.RegistryEvents;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class RegionRolloutIT extends RegistryTestBase {
    private static final String SICHUAN = "510000";

    private WebTestClient.ResponseSpec put(String token, String province, Object body) {
        return web.put().uri("/api/v1/regions/provinces/" + province + "/rollout").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void everyCallerSeesAll32ProvinceLevelAreasWithTheDefaultPolicy() {
        for (String token : new String[] {TestJwt.insured("p-1"), TestJwt.provider("prov-1"), TestJwt.clearing(),
                TestJwt.agency(SUZHOU), TestJwt.admin()}) {
            get(token, "/api/v1/regions/provinces").exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.length()").isEqualTo(32)
                    .jsonPath("$[?(@.code == '660000')].name").isEqualTo("新疆生产建设兵团")
                    // never changed by any test: the default
                    .jsonPath("$[?(@.code == '540000')].rollout.crossProvince").isEqualTo(false)
                    .jsonPath("$[?(@.code == '540000')].rollout.kinshipScope").isEqualTo("CLOSE_RELATIVES")
                    .jsonPath("$[?(@.code == '540000')].rollout.effectiveFrom").isEqualTo("2025-01-01T00:00:00Z");
        }
        web.get().uri("/api/v1/regions/provinces").exchange().expectStatus().isUnauthorized();
        // defaults are not published: consumers assume the same default
        assertThat(count("select count(*) from outbox where type = 'RolloutChanged' and aggregate_id = '540000'")).isZero();
    }

    @Test
    void aProvincesPoolingAreas() {
        get(TestJwt.insured("p-1"), "/api/v1/regions/provinces/320000/areas").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(13)
                .jsonPath("$[0].code").isEqualTo("320100")
                .jsonPath("$[0].name").isEqualTo("南京市")
                .jsonPath("$[0].province").isEqualTo("320000");
        get(TestJwt.insured("p-1"), "/api/v1/regions/provinces/110000/areas").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].code").isEqualTo("110100");
        get(TestJwt.insured("p-1"), "/api/v1/regions/provinces/320500/areas").exchange().expectStatus().isNotFound();
        get(TestJwt.insured("p-1"), "/api/v1/regions/provinces/990000/areas").exchange().expectStatus().isNotFound();
    }

    @Test
    void anAdminChangesAProvincesRolloutAuditedAndPublishedOncePerChange() {
        Map<String, Object> live = Map.of("crossProvince", true, "kinshipScope", "CLOSE_RELATIVES",
                "effectiveFrom", "2025-06-01T00:00:00Z");
        put(TestJwt.agency(SICHUAN), SICHUAN, live).expectStatus().isForbidden();
        put(TestJwt.insured("p-1"), SICHUAN, live).expectStatus().isForbidden();

        put(TestJwt.admin(), SICHUAN, live).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.code").isEqualTo(SICHUAN)
                .jsonPath("$.name").isEqualTo("四川省")
                .jsonPath("$.rollout.crossProvince").isEqualTo(true)
                .jsonPath("$.rollout.effectiveFrom").isEqualTo("2025-06-01T00:00:00Z");
        // the same policy again: nothing changes, nothing is published
        put(TestJwt.admin(), SICHUAN, live).expectStatus().isOk();
        put(TestJwt.admin(), SICHUAN, Map.of("crossProvince", true, "kinshipScope", "NUCLEAR",
                "effectiveFrom", "2025-07-01T00:00:00Z")).expectStatus().isOk();

        get(TestJwt.clearing(), "/api/v1/regions/provinces").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.code == '510000')].rollout.crossProvince").isEqualTo(true)
                .jsonPath("$[?(@.code == '510000')].rollout.kinshipScope").isEqualTo("NUCLEAR");

        get(TestJwt.admin(), "/api/v1/regions/provinces/" + SICHUAN + "/rollout/history").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].changedBy").isEqualTo("admin")
                .jsonPath("$[0].from.kinshipScope").isEqualTo("CLOSE_RELATIVES")
                .jsonPath("$[0].to.kinshipScope").isEqualTo("NUCLEAR")
                .jsonPath("$[1].from.crossProvince").isEqualTo(false)
                .jsonPath("$[1].from.effectiveFrom").isEqualTo("2025-01-01T00:00:00Z")
                .jsonPath("$[1].to.crossProvince").isEqualTo(true);
        get(TestJwt.agency(SICHUAN), "/api/v1/regions/provinces/" + SICHUAN + "/rollout/history").exchange()
                .expectStatus().isForbidden();

        List<RegistryEvents.Received> events = RegistryEvents.awaitCount(SICHUAN, 2);
        assertThat(events).extracting(e -> e.envelope().type()).containsExactly("RolloutChanged", "RolloutChanged");
        // published as version 2 only: the province's switch is its geographic scope
        assertThat(events).extracting(e -> e.envelope().version()).containsExactly(2, 2);
        assertThat(events.get(0).envelope().payload().get("code").asString()).isEqualTo(SICHUAN);
        assertThat(events.get(0).envelope().payload().get("geographicScope").asString()).isEqualTo("CROSS_PROVINCE");
        assertThat(events.get(0).envelope().payload().get("kinshipScope").asString()).isEqualTo("CLOSE_RELATIVES");
        assertThat(events.get(1).envelope().payload().get("kinshipScope").asString()).isEqualTo("NUCLEAR");
        assertThat(events.get(1).envelope().payload().get("changedBy").asString()).isEqualTo("admin");
        assertThat(outboxed(SICHUAN, "RolloutChanged")).isEqualTo(2);
    }

    @Test
    void rolloutRefusals() {
        put(TestJwt.admin(), "990000", Map.of("crossProvince", true, "kinshipScope", "NUCLEAR",
                "effectiveFrom", "2025-07-01T00:00:00Z")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        put(TestJwt.admin(), "320500", Map.of("crossProvince", true, "kinshipScope", "NUCLEAR",
                "effectiveFrom", "2025-07-01T00:00:00Z")).expectStatus().isNotFound();
        put(TestJwt.admin(), "130000", Map.of("crossProvince", true, "kinshipScope", "EVERYONE",
                "effectiveFrom", "2025-07-01T00:00:00Z")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        put(TestJwt.admin(), "130000", Map.of("crossProvince", true, "kinshipScope", "NUCLEAR"))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        put(TestJwt.admin(), "130000", Map.of("crossProvince", true, "kinshipScope", "NUCLEAR",
                "effectiveFrom", "next week")).expectStatus().isBadRequest();
        assertThat(count("select count(*) from rollout_setting where code = :p", "130000")).isZero();
    }
}
