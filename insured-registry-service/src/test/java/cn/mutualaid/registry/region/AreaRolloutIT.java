package cn.mutualaid.registry.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.registry.support.RegistryEvents;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A pooling area's own rollout, over its province's, kept as history and resolved by instant. */
class AreaRolloutIT extends RegistryTestBase {
    private static final String JINAN = "370100";
    private static final String QINGDAO = "370200";
    private static final String SHANDONG = "370000";
    private static final String FUZHOU = "350100";
    private static final String XIAMEN = "350200";
    private static final String FUJIAN = "350000";
    private static final String YANTAI = "370600";

    private WebTestClient.ResponseSpec put(String token, String path, Object body) {
        return web.put().uri(path).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String area(String code) {
        return "/api/v1/regions/areas/" + code + "/rollout";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rollout(String code) {
        return get(TestJwt.insured("p-1"), area(code)).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void anAreasOwnSettingOverridesItsProvinceIsPublishedAsV2AndAudited() {
        get(TestJwt.provider("prov-1"), area(JINAN)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.code").isEqualTo(JINAN)
                .jsonPath("$.geographicScope").isEqualTo("INTRA_PROVINCE")
                .jsonPath("$.kinshipScope").isEqualTo("CLOSE_RELATIVES")
                .jsonPath("$.effectiveFrom").isEqualTo("2025-01-01T00:00:00Z")
                .jsonPath("$.source").isEqualTo("PROVINCE")
                .jsonPath("$.scheduled.length()").isEqualTo(0);

        Map<String, Object> sameArea = Map.of("geographicScope", "SAME_AREA", "kinshipScope", "NUCLEAR",
                "effectiveFrom", "2025-08-01T00:00:00Z");
        put(TestJwt.admin(), area(JINAN), sameArea).expectStatus().isOk().expectBody()
                .jsonPath("$.geographicScope").isEqualTo("SAME_AREA")
                .jsonPath("$.kinshipScope").isEqualTo("NUCLEAR")
                .jsonPath("$.effectiveFrom").isEqualTo("2025-08-01T00:00:00Z")
                .jsonPath("$.source").isEqualTo("AREA");
        // the same setting again: nothing filed, nothing published
        put(TestJwt.admin(), area(JINAN), sameArea).expectStatus().isOk();
        // the province goes cross-province later: the area keeps its own setting, its sibling follows the province
        put(TestJwt.admin(), "/api/v1/regions/provinces/" + SHANDONG + "/rollout", Map.of("crossProvince", true,
                "kinshipScope", "CLOSE_RELATIVES", "effectiveFrom", "2025-09-01T00:00:00Z")).expectStatus().isOk();

        assertThat(rollout(JINAN)).containsEntry("geographicScope", "SAME_AREA").containsEntry("source", "AREA");
        assertThat(rollout(QINGDAO)).containsEntry("geographicScope", "CROSS_PROVINCE")
                .containsEntry("source", "PROVINCE").containsEntry("effectiveFrom", "2025-09-01T00:00:00Z");

        List<RegistryEvents.Received> events = RegistryEvents.awaitCount(JINAN, 1);
        assertThat(events).hasSize(1);
        Envelope event = events.get(0).envelope();
        assertThat(event.type()).isEqualTo("RolloutChanged");
        assertThat(event.version()).isEqualTo(2);
        assertThat(event.payload().get("code").asString()).isEqualTo(JINAN);
        assertThat(event.payload().get("geographicScope").asString()).isEqualTo("SAME_AREA");
        assertThat(event.payload().get("kinshipScope").asString()).isEqualTo("NUCLEAR");
        assertThat(event.payload().get("effectiveFrom").asString()).isEqualTo("2025-08-01T00:00:00Z");
        assertThat(event.payload().get("changedBy").asString()).isEqualTo("admin");
        assertThat(outboxed(JINAN, "RolloutChanged")).isEqualTo(1);
        assertThat(RegistryEvents.awaitCount(SHANDONG, 1).get(0).envelope().payload().get("geographicScope").asString())
                .isEqualTo("CROSS_PROVINCE");

        assertThat(count("select count(*) from audit_log where action = 'rollout.change' and target_type = 'area'"
                + " and target_id = :p and target_area = :p and actor = 'admin'", JINAN)).isEqualTo(1);
        get(TestJwt.admin(), area(JINAN) + "/history").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].code").isEqualTo(JINAN)
                .jsonPath("$[0].geographicScope").isEqualTo("SAME_AREA")
                .jsonPath("$[0].effectiveFrom").isEqualTo("2025-08-01T00:00:00Z")
                .jsonPath("$[0].changedBy").isEqualTo("admin")
                .jsonPath("$[0].changedAt").isNotEmpty();
        get(TestJwt.agency(JINAN), area(JINAN) + "/history").exchange().expectStatus().isForbidden();
    }

    @Test
    void aScheduledChangeIsShownAsScheduledAndIsInForceFromItsInstant() {
        Instant soon = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        put(TestJwt.admin(), area(FUZHOU), Map.of("geographicScope", "CROSS_PROVINCE", "kinshipScope", "NUCLEAR",
                "effectiveFrom", soon.toString())).expectStatus().isOk().expectBody()
                .jsonPath("$.geographicScope").isEqualTo("INTRA_PROVINCE")
                .jsonPath("$.source").isEqualTo("PROVINCE")
                .jsonPath("$.scheduled.length()").isEqualTo(1)
                .jsonPath("$.scheduled[0].geographicScope").isEqualTo("CROSS_PROVINCE")
                .jsonPath("$.scheduled[0].effectiveFrom").isEqualTo(soon.toString())
                .jsonPath("$.scheduled[0].source").isEqualTo("AREA");
        // a province change an hour later applies to the areas without their own setting only
        Instant later = soon.plus(Duration.ofHours(1));
        put(TestJwt.admin(), "/api/v1/regions/provinces/" + FUJIAN + "/rollout", Map.of("crossProvince", true,
                "kinshipScope", "NUCLEAR", "effectiveFrom", later.toString())).expectStatus().isOk();
        get(TestJwt.agency(XIAMEN), area(XIAMEN)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.geographicScope").isEqualTo("INTRA_PROVINCE")
                .jsonPath("$.scheduled.length()").isEqualTo(1)
                .jsonPath("$.scheduled[0].source").isEqualTo("PROVINCE")
                .jsonPath("$.scheduled[0].effectiveFrom").isEqualTo(later.toString());
        // published when filed, not when in force: consumers schedule by effectiveFrom
        assertThat(RegistryEvents.awaitCount(FUZHOU, 1).get(0).envelope().payload().get("effectiveFrom").asString())
                .isEqualTo(soon.toString());

        Map<String, Object> before = rollout(FUZHOU);
        assertThat(Instant.now()).isBefore(soon);
        assertThat(before).containsEntry("geographicScope", "INTRA_PROVINCE");
        assertThat((List<?>) before.get("scheduled")).hasSize(1);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> "CROSS_PROVINCE".equals(rollout(FUZHOU).get("geographicScope")));
        Map<String, Object> after = rollout(FUZHOU);
        assertThat(Instant.now()).isAfterOrEqualTo(soon);
        assertThat(after).containsEntry("source", "AREA").containsEntry("effectiveFrom", soon.toString());
        assertThat((List<?>) after.get("scheduled")).isEmpty();
        // the province's scheduled change is not the area's, whose own setting came earlier
        assertThat(outboxed(FUZHOU, "RolloutChanged")).isEqualTo(1);
    }

    @Test
    void onlyAnAdminChangesAnAreaAndUnknownAreasAreNotFound() {
        Map<String, Object> body = Map.of("geographicScope", "CROSS_PROVINCE", "kinshipScope", "NUCLEAR",
                "effectiveFrom", "2025-08-01T00:00:00Z");
        put(TestJwt.agency(YANTAI), area(YANTAI), body).expectStatus().isForbidden();
        put(TestJwt.agency(SHANDONG), area(YANTAI), body).expectStatus().isForbidden();
        put(TestJwt.insured("p-1"), area(YANTAI), body).expectStatus().isForbidden();
        put(TestJwt.clearing(), area(YANTAI), body).expectStatus().isForbidden();
        assertThat(count("select count(*) from rollout_setting where code = :p", YANTAI)).isZero();
        assertThat(outboxed(YANTAI, "RolloutChanged")).isZero();
        assertThat(rollout(YANTAI)).containsEntry("source", "PROVINCE");

        put(TestJwt.admin(), area("990100"), body).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        // a province is no pooling area: its own endpoint sets it
        put(TestJwt.admin(), area(SHANDONG), body).expectStatus().isNotFound();
        get(TestJwt.admin(), area("990100")).exchange().expectStatus().isNotFound();
        get(TestJwt.admin(), area("990100") + "/history").exchange().expectStatus().isNotFound();
        web.get().uri(area(YANTAI)).exchange().expectStatus().isUnauthorized();
        assertThat(count("select count(*) from rollout_setting where code = '990100'")).isZero();
    }
}
