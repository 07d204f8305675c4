package cn.mutualaid.registry.kinship;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.Ids;
import cn.mutualaid.registry.support.RegistryEvents;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class KinshipIT extends RegistryTestBase {

    private static final Map<String, String> HOUSEHOLD = Map.of("kind", "HOUSEHOLD_REGISTER", "reference", "苏户字第0012345号");

    private WebTestClient.ResponseSpec link(String token, String personId, String relativeId, String kinship) {
        return link(token, personId, relativeId, kinship, HOUSEHOLD);
    }

    private WebTestClient.ResponseSpec link(String token, String personId, String relativeId, String kinship,
            Object evidence) {
        return post(token, "/api/v1/kinships", Map.of("personId", personId, "relativeId", relativeId, "kinship", kinship,
                "evidence", evidence)).exchange();
    }

    private long rows(String personId) {
        return count("select count(*) from kinship where person_id = :p or relative_id = :p", personId);
    }

    @Test
    void aRecordedLinkImpliesItsInverseAndPublishesOnceKeyedByThePerson() {
        String child = enrolledPerson("RESIDENT", SUZHOU);
        String parent = enrolledPerson("EMPLOYEE", CHENGDU);
        link(TestJwt.agency(SUZHOU), child, parent, "PARENT")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.personId").isEqualTo(child)
                .jsonPath("$.relativeId").isEqualTo(parent)
                .jsonPath("$.kinship").isEqualTo("PARENT")
                .jsonPath("$.inverse").isEqualTo("CHILD")
                .jsonPath("$.verifiedAt").isNotEmpty();

        // the parent's side: the child is their CHILD
        get(TestJwt.agency(CHENGDU), "/api/v1/persons/" + parent + "/kinships").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].relativeId").isEqualTo(child)
                .jsonPath("$[0].kinship").isEqualTo("CHILD");
        get(TestJwt.insured(child), "/api/v1/persons/" + child + "/kinships").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].kinship").isEqualTo("PARENT");
        get(TestJwt.agency(ZHENGZHOU), "/api/v1/persons/" + child + "/kinships").exchange().expectStatus().isNotFound();

        List<RegistryEvents.Received> events = RegistryEvents.awaitType(child, "KinshipVerified");
        assertThat(RegistryEvents.typesFor(child)).containsExactly("PersonRegistered", "InsuranceEnrolled", "KinshipVerified");
        RegistryEvents.Received verified = events.get(2);
        assertThat(verified.key()).isEqualTo(child);
        assertThat(verified.envelope().payload().get("relativeId").asString()).isEqualTo(parent);
        assertThat(verified.envelope().payload().get("kinship").asString()).isEqualTo("PARENT");
        assertThat(outboxed(parent, "KinshipVerified")).isZero();
    }

    @Test
    void repeatingTheSameLinkFromEitherSideReturnsItAndPublishesNothingNew() {
        String a = enrolledPerson("EMPLOYEE", SUZHOU);
        String b = enrolledPerson("EMPLOYEE", SUZHOU);
        link(TestJwt.agency(SUZHOU), a, b, "GRANDPARENT").expectStatus().isCreated();
        link(TestJwt.agency(SUZHOU), a, b, "GRANDPARENT").expectStatus().isOk()
                .expectBody().jsonPath("$.kinship").isEqualTo("GRANDPARENT");
        link(TestJwt.agency(JIANGSU), b, a, "GRANDCHILD").expectStatus().isOk()
                .expectBody().jsonPath("$.personId").isEqualTo(b).jsonPath("$.kinship").isEqualTo("GRANDCHILD");
        assertThat(rows(a)).isEqualTo(2);
        assertThat(outboxed(a, "KinshipVerified") + outboxed(b, "KinshipVerified")).isEqualTo(1);
    }

    @Test
    void contradictionsAreRefused() {
        String a = enrolledPerson("EMPLOYEE", SUZHOU);
        String b = enrolledPerson("EMPLOYEE", SUZHOU);
        link(TestJwt.agency(SUZHOU), a, b, "PARENT").expectStatus().isCreated();
        // b cannot also be a's child, nor a be b's parent (b is a's parent), nor a sibling
        for (String[] contradiction : new String[][] {{a, b, "CHILD"}, {b, a, "PARENT"}, {a, b, "SIBLING"}}) {
            link(TestJwt.agency(SUZHOU), contradiction[0], contradiction[1], contradiction[2])
                    .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("KINSHIP_CONFLICT");
        }
        assertThat(rows(a)).isEqualTo(2);
    }

    @Test
    void atMostOneSpouse() {
        String husband = enrolledPerson("EMPLOYEE", SUZHOU);
        String wife = enrolledPerson("EMPLOYEE", NANJING);
        String other = enrolledPerson("EMPLOYEE", SUZHOU);
        link(TestJwt.agency(SUZHOU), husband, wife, "SPOUSE").expectStatus().isCreated()
                .expectBody().jsonPath("$.inverse").isEqualTo("SPOUSE");
        link(TestJwt.agency(SUZHOU), husband, other, "SPOUSE")
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("KINSHIP_CONFLICT");
        link(TestJwt.agency(SUZHOU), other, wife, "SPOUSE")
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("KINSHIP_CONFLICT");
        // other relations with someone else's spouse are fine
        link(TestJwt.agency(SUZHOU), other, wife, "SIBLING").expectStatus().isCreated();
        assertThat(rows(other)).isEqualTo(2);
        assertThat(outboxed(other, "KinshipVerified")).isEqualTo(1);
    }

    @Test
    void aLinkNamesItsEvidenceAndTheRecordingAgencyAndTheEventCarriesTheKindAndArea() {
        String husband = enrolledPerson("EMPLOYEE", SUZHOU);
        String wife = enrolledPerson("EMPLOYEE", CHENGDU);
        link(TestJwt.agency("510000"), husband, wife, "SPOUSE",
                Map.of("kind", "MARRIAGE_CERTIFICATE", "reference", " J510104-2019-001234 "))
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.evidence.kind").isEqualTo("MARRIAGE_CERTIFICATE")
                .jsonPath("$.evidence.reference").isEqualTo("J510104-2019-001234")
                .jsonPath("$.evidence.recordedArea").isEqualTo("510000")
                .jsonPath("$.evidence.recordedBy").isNotEmpty();
        assertThat(count("select count(*) from kinship where evidence_kind = 'MARRIAGE_CERTIFICATE'"
                + " and evidence_reference = 'J510104-2019-001234' and recorded_area = '510000'"
                + " and (person_id = :p or relative_id = :p)", husband)).isEqualTo(2);
        get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + husband + "/kinships").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].evidence.kind").isEqualTo("MARRIAGE_CERTIFICATE");

        RegistryEvents.Received verified = RegistryEvents.awaitType(husband, "KinshipVerified").stream()
                .filter(e -> e.envelope().type().equals("KinshipVerified")).findFirst().orElseThrow();
        assertThat(verified.envelope().payload().get("evidenceKind").asString()).isEqualTo("MARRIAGE_CERTIFICATE");
        assertThat(verified.envelope().payload().get("recordedByArea").asString()).isEqualTo("510000");
        assertThat(verified.envelope().payload().toString()).doesNotContain("J510104");
    }

    @Test
    void refusals() {
        String a = enrolledPerson("EMPLOYEE", SUZHOU);
        String b = enrolledPerson("EMPLOYEE", CHENGDU);
        link(TestJwt.agency(SUZHOU), a, a, "SIBLING")
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("SELF_KINSHIP");
        // an agency administering neither person's area learns nothing
        link(TestJwt.agency(ZHENGZHOU), a, b, "SIBLING")
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        link(TestJwt.agency(SUZHOU), a, "no-such-person", "SIBLING")
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        link(TestJwt.insured(a), a, b, "SIBLING").expectStatus().isForbidden();
        link(TestJwt.agency(SUZHOU), a, b, "COUSIN")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        post(TestJwt.agency(SUZHOU), "/api/v1/kinships", Map.of("personId", a, "relativeId", b))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        // evidence is required: a kind of document and its number, a short plain text, never an image
        post(TestJwt.agency(SUZHOU), "/api/v1/kinships", Map.of("personId", a, "relativeId", b, "kinship", "SIBLING"))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        link(TestJwt.agency(SUZHOU), a, b, "SIBLING", Map.of("kind", "HOUSEHOLD_REGISTER"))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        link(TestJwt.agency(SUZHOU), a, b, "SIBLING", Map.of("kind", "PHOTO", "reference", "x"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        link(TestJwt.agency(SUZHOU), a, b, "SIBLING",
                Map.of("kind", "OTHER_OFFICIAL", "reference", "data:image/png;base64," + "iVBORw0KGgo".repeat(20)))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        link(TestJwt.agency(SUZHOU), a, b, "SIBLING",
                Map.of("kind", "HOUSEHOLD_REGISTER", "reference", "户主 " + Ids.random()))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("EVIDENCE_REFERENCE_IS_ID_NUMBER");
        assertThat(rows(a)).isZero();
        assertThat(outboxed(a, "KinshipVerified")).isZero();
    }
}
