package cn.mutualaid.relation.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Explain agrees with the real call: over a generated set of cases (where the two persons are insured, under which
 * scheme, which kinship and whether it is verified, the rollout of each province, who calls), explain is asked first
 * and must write nothing; then the real call must give the same verdict and the same problem code. A case the real
 * call allowed is explained and tried once more, where both must answer RELATION_EXISTS.
 */
class ExplainAgreesIT extends MeshFixture {
    /**
     * Used by this test alone: Yunnan has cross-province aid live for nuclear kin only (version 1), Kunming its own
     * step for all close relatives (and a narrower one scheduled a month ahead, not in force yet), Qujing 530300 only
     * the same-area step. Luoyang 410300 (Henan: no province step) and Liuzhou 450200 (Guangxi: nuclear kin within the
     * province) have area steps of their own.
     */
    private static final String KUNMING = "530100";
    private static final List<String> BENEFACTOR_AREAS = List.of(SUZHOU, KUNMING, NANNING, ZHENGZHOU);
    /** Another area of the benefactor's province, for "same province". */
    private static final Map<String, String> NEIGHBOUR = Map.of(SUZHOU, NANJING, KUNMING, "530300",
            NANNING, "450200", ZHENGZHOU, "410300");
    private static final List<Kinship> KINSHIPS = List.of(Kinship.SPOUSE, Kinship.CHILD, Kinship.GRANDCHILD,
            Kinship.SIBLING);

    enum Caller { BENEFACTOR, BENEFACTORS_AGENCY, BENEFICIARYS_AGENCY, OTHER_AGENCY }

    record Case(String benefactorArea, Scheme benefactorScheme, String beneficiaryArea, Scheme beneficiaryScheme,
            Kinship kinship, boolean verified, boolean self, Caller caller) {
    }

    record Outcome(int status, String code) {
    }

    @Test
    void explainAndTheRealCallGiveTheSameVerdictAndCode() {
        announceRollouts();
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        awaitProcessed(rollout("530000", true, KinshipScope.NUCLEAR, dayAgo),
                rolloutV2(KUNMING, AidScope.CROSS_PROVINCE, KinshipScope.CLOSE_RELATIVES, dayAgo),
                rolloutV2(KUNMING, AidScope.SAME_AREA, KinshipScope.NUCLEAR, Instant.now().plus(Duration.ofDays(30))),
                rolloutV2("530300", AidScope.SAME_AREA, KinshipScope.CLOSE_RELATIVES, dayAgo),
                rolloutV2("410300", AidScope.SAME_AREA, KinshipScope.CLOSE_RELATIVES, dayAgo),
                rolloutV2("450200", AidScope.CROSS_PROVINCE, KinshipScope.CLOSE_RELATIVES, dayAgo));
        List<Case> cases = generate(new Random(17), 64);
        Set<String> seen = new HashSet<>();
        for (Case c : cases) {
            String[] persons = persons(c);
            Outcome explained = explainAndCheckNothingWritten(c, persons);
            Outcome real = outcome(call("/api/v1/relations", c, persons));
            assertThat(explained.code()).as("%s", c).isEqualTo(real.code());
            // A caller the real call refuses (403) is refused by explain too; anyone else gets an explanation.
            assertThat(explained.status()).as("%s", c).isEqualTo(real.status() == 403 ? 403 : 200);
            if (real.status() == 201) {
                Outcome again = explainAndCheckNothingWritten(c, persons);
                assertThat(again).as("%s", c).isEqualTo(new Outcome(200, "RELATION_EXISTS"));
                assertThat(outcome(call("/api/v1/relations", c, persons))).isEqualTo(new Outcome(409,
                        "RELATION_EXISTS"));
                seen.add("RELATION_EXISTS");
            }
            seen.add(real.code() == null ? "ALLOWED" : real.code());
        }
        // The generated set reaches every verdict, or the comparison above would prove less than it claims.
        assertThat(seen).contains("ALLOWED", "SELF_RELATION", "NOT_EMPLOYEE_INSURED", "BENEFICIARY_NOT_INSURED",
                "KINSHIP_NOT_VERIFIED", "KINSHIP_OUT_OF_SCOPE", "CROSS_PROVINCE_NOT_LIVE", "INTRA_PROVINCE_NOT_LIVE",
                "RELATION_EXISTS", "NOT_PARTIES_AGENCY");
    }

    @Test
    void anAllowedCaseListsEveryRuleInOrderWithItsFacts() {
        announceRollouts();
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, CHENGDU);
        verifiedKinship(benefactor, beneficiary, Kinship.GRANDCHILD);
        Case c = new Case(SUZHOU, Scheme.EMPLOYEE, CHENGDU, Scheme.RESIDENT, Kinship.GRANDCHILD, true, false,
                Caller.BENEFICIARYS_AGENCY);
        Map<String, Object> answer = body(call("/api/v1/relations/explain", c,
                new String[] {benefactor, beneficiary}).expectStatus().isOk());
        assertThat(answer).containsEntry("allowed", true).containsEntry("status", "PENDING_CONSENT")
                .containsEntry("scope", "CROSS_PROVINCE").doesNotContainKey("code");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) answer.get("checks");
        assertThat(checks).extracting(m -> m.get("rule")).containsExactly("PARTIES_AGENCY", "DISTINCT_PERSONS",
                "BENEFACTOR_EMPLOYEE_INSURED", "BENEFICIARY_INSURED", "KINSHIP_VERIFIED", "KINSHIP_IN_SCOPE",
                "SCOPE_LIVE", "NO_LIVE_RELATION");
        assertThat(checks).allSatisfy(check -> assertThat(check).containsEntry("passed", true));
        assertThat(checks.get(2).get("facts")).isEqualTo(Map.of("personId", benefactor, "known", true,
                "status", "ACTIVE", "scheme", "EMPLOYEE", "poolingArea", SUZHOU, "province", "320000"));
        @SuppressWarnings("unchecked")
        Map<String, Object> live = (Map<String, Object>) checks.get(6).get("facts");
        assertThat(live).containsEntry("scope", "CROSS_PROVINCE");
        @SuppressWarnings("unchecked")
        Map<String, Object> chengdu = (Map<String, Object>) live.get("beneficiaryArea");
        assertThat(chengdu).containsEntry("poolingArea", CHENGDU).containsEntry("province", "510000")
                .containsEntry("geographicScope", "CROSS_PROVINCE").containsEntry("source", "PROVINCE");
        assertThat(chengdu.get("since")).isNotNull();
    }

    private static List<Case> generate(Random random, int count) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String home = BENEFACTOR_AREAS.get(random.nextInt(BENEFACTOR_AREAS.size()));
            String away = switch (random.nextInt(4)) {
                case 0 -> home;
                case 1 -> NEIGHBOUR.get(home);
                case 2 -> CHENGDU;
                default -> BENEFACTOR_AREAS.get(random.nextInt(BENEFACTOR_AREAS.size()));
            };
            cases.add(new Case(home, scheme(random, Scheme.EMPLOYEE), away, scheme(random, Scheme.RESIDENT),
                    KINSHIPS.get(random.nextInt(KINSHIPS.size())), random.nextInt(6) > 0, random.nextInt(16) == 0,
                    Caller.values()[random.nextInt(Caller.values().length)]));
        }
        return cases;
    }

    /** Mostly the usual scheme; sometimes the other one, sometimes none (the registry never told us). */
    private static Scheme scheme(Random random, Scheme usual) {
        int roll = random.nextInt(8);
        return roll == 0 ? null : roll == 1 ? (usual == Scheme.EMPLOYEE ? Scheme.RESIDENT : Scheme.EMPLOYEE) : usual;
    }

    /** Fresh persons for the case, their enrollments and kinship projected before anything is asked. */
    private String[] persons(Case c) {
        String benefactor = newId("a");
        String beneficiary = c.self() ? benefactor : newId("b");
        List<Envelope> events = new ArrayList<>();
        if (c.benefactorScheme() != null) {
            events.add(enrolment(benefactor, c.benefactorScheme(), c.benefactorArea()));
        }
        if (!c.self() && c.beneficiaryScheme() != null) {
            events.add(enrolment(beneficiary, c.beneficiaryScheme(), c.beneficiaryArea()));
        }
        if (c.verified() && !c.self()) {
            events.add(kinship(benefactor, beneficiary, c.kinship()));
        }
        awaitProcessed(events.toArray(Envelope[]::new));
        return new String[] {benefactor, beneficiary};
    }

    private Outcome explainAndCheckNothingWritten(Case c, String[] persons) {
        long before = writes(persons);
        Outcome explained = outcome(call("/api/v1/relations/explain", c, persons));
        assertThat(writes(persons)).as("explain wrote nothing: %s", c).isEqualTo(before);
        return explained;
    }

    /** Relation rows, audit entries and outbox rows (all of them, and those naming either person). */
    private long writes(String[] persons) {
        return db.sql("""
                        select (select count(*) from relation) + (select count(*) from audit_log)
                             + (select count(*) from outbox where envelope like '%' || :a || '%'
                                                               or envelope like '%' || :b || '%')""")
                .bind("a", persons[0]).bind("b", persons[1]).map(row -> row.get(0, Long.class)).one().block();
    }

    private ResponseSpec call(String path, Case c,
            String[] persons) {
        String token = switch (c.caller()) {
            case BENEFACTOR -> TestJwt.insured(persons[0]);
            case BENEFACTORS_AGENCY -> TestJwt.agency(c.benefactorArea());
            case BENEFICIARYS_AGENCY -> TestJwt.agency(c.beneficiaryArea());
            case OTHER_AGENCY -> TestJwt.agency("350100");
        };
        Map<String, Object> body = c.caller() == Caller.BENEFACTOR
                ? Map.of("beneficiaryId", persons[1], "kinship", c.kinship().name())
                : Map.of("benefactorId", persons[0], "beneficiaryId", persons[1], "kinship", c.kinship().name());
        return web.post().uri(path).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** The status and the code: a problem's code, or an explanation's code (null when allowed or created). */
    private Outcome outcome(ResponseSpec spec) {
        var result = spec.expectBody(JSON).returnResult();
        Map<String, Object> body = result.getResponseBody();
        return new Outcome(result.getStatus().value(), body == null ? null : (String) body.get("code"));
    }
}
