package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The audit query endpoint every service with a database serves (here the probe, whose name is "probe"): ADMIN
 * reads everything, an agency only entries of its own area (a province agency: its province), paged, filtered, and
 * exported as spreadsheet-safe CSV.
 */
@MeshTest
class AuditQueryIT {
    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };
    @Autowired Audit audit;
    @Autowired WebTestClient web;

    /** An action name of this test run, so that entries of other tests never count. */
    String action;

    @BeforeEach
    void entries() {
        action = "probe.check-" + UUID.randomUUID();
        Caller operator = new Caller("op-1", Set.of(Role.AGENCY), "320500");
        for (String area : List.of("320500", "320500", "320100", "410100")) {
            audit.record(operator, action, "thing", "t-" + area, area, Map.of("area", area)).block();
        }
        Caller hostile = new Caller("=1+1", Set.of(Role.ADMIN), null);
        audit.record(hostile, action, "thing", "national", null, Map.of("note", "=HYPERLINK(\"x\"),\n-1")).block();
    }

    List<Map<String, Object>> read(String token, String query) {
        return web.get().uri("/api/v1/audit/probe?action=" + action + query).headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
    }

    @Test
    void adminReadsEverythingAndAnAgencyOnlyItsOwnArea() {
        assertThat(read(TestJwt.admin(), "")).hasSize(5);
        assertThat(read(TestJwt.agency("320500"), "")).hasSize(2)
                .allSatisfy(e -> assertThat(e).containsEntry("targetArea", "320500").containsEntry("actor", "op-1"));
        assertThat(read(TestJwt.agency("320000"), "")).extracting(e -> e.get("targetArea"))
                .containsExactlyInAnyOrder("320500", "320500", "320100");
        assertThat(read(TestJwt.agency("110100"), "")).isEmpty();
        for (String outsider : List.of(TestJwt.clearing(), TestJwt.insured("p"), TestJwt.provider("h"))) {
            web.get().uri("/api/v1/audit/probe").headers(h -> h.setBearerAuth(outsider)).exchange()
                    .expectStatus().isForbidden();
        }
        web.get().uri("/api/v1/audit/probe").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/audit/wallet").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void pagesNewestFirstAndFiltersByTime() {
        List<Map<String, Object>> all = read(TestJwt.admin(), "");
        assertThat(all).extracting(e -> ((Number) e.get("id")).longValue()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(read(TestJwt.admin(), "&size=2&page=0")).hasSize(2);
        assertThat(read(TestJwt.admin(), "&size=2&page=2")).hasSize(1);
        assertThat(read(TestJwt.admin(), "&from=" + Instant.now().plusSeconds(60))).isEmpty();
        assertThat(read(TestJwt.admin(), "&to=" + Instant.now().plusSeconds(60))).hasSize(5);
        web.get().uri("/api/v1/audit/probe?size=500").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isEqualTo(422);
        web.get().uri("/api/v1/audit/probe?from=yesterday").headers(h -> h.setBearerAuth(TestJwt.admin())).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void exportsCsvThatASpreadsheetCannotRunAsFormulas() {
        String csv = web.get().uri("/api/v1/audit/probe?format=csv&action=" + action)
                .headers(h -> h.setBearerAuth(TestJwt.admin())).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult().getResponseBody();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("id,at,actor,actorRole,actorArea,action");
        assertThat(lines).hasSize(6);
        // The national entry's changes hold a formula, a quote, a comma and a line break: quoted, doubled, defused.
        assertThat(csv).contains(",'=1+1,ADMIN,").doesNotContain(",=1+1,");
        assertThat(csv).contains("\"{\"\"note\"\":\"\"=HYPERLINK(\\\"\"x\\\"\"),\\n-1\"\"}\"");
        String viaAccept = web.get().uri("/api/v1/audit/probe?action=" + action)
                .headers(h -> h.setBearerAuth(TestJwt.agency("320500"))).header("Accept", "text/csv").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(viaAccept.split("\r\n")).hasSize(3);
    }
}
