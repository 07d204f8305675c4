package cn.mutualaid.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.Ids;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Every kind of change a person makes in the registry leaves one audit entry, written with the change. */
class RegistryAuditIT extends RegistryTestBase {

    private record Entry(String actor, String role, String actorArea, String action, String targetType, String targetId,
            String targetArea, String changes, String correlation) {
    }

    private List<Entry> entries(String correlation) {
        return db.sql("select actor, actor_role, actor_area, action, target_type, target_id, target_area, changes::text,"
                        + " correlation_id from audit_log where correlation_id = :c order by id")
                .bind("c", correlation)
                .map(r -> new Entry(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, String.class), r.get(4, String.class), r.get(5, String.class), r.get(6, String.class),
                        r.get(7, String.class), r.get(8, String.class)))
                .all().collectList().block();
    }

    /** A POST (or PUT) with its own correlation id; returns that id. */
    private String call(String method, String token, String uri, Object body, int status) {
        String correlation = "audit-" + UUID.randomUUID();
        web.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri)
                .headers(h -> {
                    h.setBearerAuth(token);
                    h.set("X-Correlation-Id", correlation);
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status);
        return correlation;
    }

    private Entry only(String correlation) {
        List<Entry> found = entries(correlation);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void oneEntryPerKindOfChangeNamingActorTargetAreaAndValues() {
        String number = Ids.random();
        Entry register = only(call("POST", TestJwt.agency(SUZHOU), "/api/v1/persons",
                Map.of("idNumber", number, "name", "审计"), 201));
        assertThat(register).extracting(Entry::actor, Entry::role, Entry::actorArea, Entry::action, Entry::targetType,
                Entry::targetArea).containsExactly("agency-" + SUZHOU, "AGENCY", SUZHOU, "person.register", "person", SUZHOU);
        assertThat(register.changes()).contains(number.substring(0, 6) + "********").doesNotContain(number);
        String personId = register.targetId();

        Entry enroll = only(call("POST", TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU), 201));
        assertThat(enroll).extracting(Entry::action, Entry::targetId, Entry::targetArea)
                .containsExactly("enrollment.enroll", personId, SUZHOU);
        assertThat(enroll.changes()).contains("\"scheme\": \"EMPLOYEE\"");

        String relative = enrolledPerson("RESIDENT", CHENGDU);
        Entry kinship = only(call("POST", TestJwt.agency(CHENGDU), "/api/v1/kinships", Map.of("personId", personId,
                "relativeId", relative, "kinship", "PARENT",
                "evidence", Map.of("kind", "BIRTH_CERTIFICATE", "reference", "B-77")), 201));
        assertThat(kinship).extracting(Entry::action, Entry::targetId, Entry::targetArea, Entry::actorArea)
                .containsExactly("kinship.record", personId, CHENGDU, CHENGDU);
        assertThat(kinship.changes()).contains("BIRTH_CERTIFICATE", "B-77", relative);

        // transfer: requested by the target area, refused; requested again, withdrawn; requested, confirmed
        String[] decisions = {"refuse", "withdraw", "confirm"};
        for (String decision : decisions) {
            Entry filed = only(call("POST", TestJwt.agency(NANJING), "/api/v1/persons/" + personId + "/enrollment/transfer",
                    Map.of("toPoolingArea", NANJING), 202));
            assertThat(filed).extracting(Entry::action, Entry::targetType, Entry::targetArea)
                    .containsExactly("transfer.file", "transfer", NANJING);
            assertThat(filed.changes()).contains("REQUESTED", personId);
            String token = decision.equals("withdraw") ? TestJwt.agency(NANJING) : TestJwt.insured(personId);
            Entry decided = only(call("POST", token, "/api/v1/transfers/" + filed.targetId() + "/" + decision,
                    Map.of(), 200));
            assertThat(decided).extracting(Entry::action, Entry::targetId, Entry::targetArea)
                    .containsExactly("transfer." + decision, filed.targetId(), decision.equals("withdraw") ? NANJING : SUZHOU);
        }
        Entry atOnce = only(call("POST", TestJwt.agency(NANJING), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", SUZHOU), 202));
        assertThat(atOnce).extracting(Entry::action, Entry::targetArea).containsExactly("transfer.file", NANJING);
        assertThat(atOnce.changes()).contains("COMPLETED");

        Entry terminate = only(call("POST", TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId + "/enrollment/terminate",
                Map.of("reason", "离职"), 202));
        assertThat(terminate).extracting(Entry::action, Entry::targetId, Entry::targetArea)
                .containsExactly("enrollment.terminate", personId, SUZHOU);
        assertThat(terminate.changes()).contains("离职", "TERMINATED");

        Entry provider = only(call("POST", TestJwt.agency(SUZHOU), "/api/v1/providers",
                Map.of("name", "审计药房", "type", "RETAIL_PHARMACY", "poolingArea", SUZHOU), 201));
        assertThat(provider).extracting(Entry::action, Entry::targetType, Entry::targetArea)
                .containsExactly("provider.register", "provider", SUZHOU);

        Map<String, Object> policy = Map.of("crossProvince", true, "kinshipScope", "NUCLEAR",
                "effectiveFrom", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Entry rollout = only(call("PUT", TestJwt.admin(), "/api/v1/regions/provinces/620000/rollout", policy, 200));
        assertThat(rollout).extracting(Entry::actor, Entry::role, Entry::action, Entry::targetId, Entry::targetArea)
                .containsExactly("admin", "ADMIN", "rollout.change", "620000", "620000");
        assertThat(rollout.changes()).contains("NUCLEAR", "CLOSE_RELATIVES");
        // the same policy again changes nothing, and nothing is audited
        assertThat(entries(call("PUT", TestJwt.admin(), "/api/v1/regions/provinces/620000/rollout", policy, 200))).isEmpty();
    }

    @Test
    void aRefusedRequestLeavesNoEntry() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        long before = count("select count(*) from audit_log");
        assertThat(entries(call("POST", TestJwt.agency(ZHENGZHOU), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", CHENGDU), 404))).isEmpty();
        assertThat(entries(call("POST", TestJwt.agency(CHENGDU), "/api/v1/persons/" + personId + "/enrollment/terminate",
                Map.of("reason", "x"), 404))).isEmpty();
        assertThat(entries(call("POST", TestJwt.agency(SUZHOU), "/api/v1/providers",
                Map.of("name", "x", "type", "RETAIL_PHARMACY", "poolingArea", NANJING), 403))).isEmpty();
        assertThat(count("select count(*) from audit_log")).isEqualTo(before);
    }
}
