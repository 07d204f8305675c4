package cn.mutualaid.registry.person;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.person.domain.IdKind;
import cn.mutualaid.registry.person.domain.IdNumber;
import cn.mutualaid.registry.support.Ids;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One person of each document kind registered through the API: each is accepted and shows its kind. */
class IdKindsIT extends RegistryTestBase {

    @Test
    void onePersonOfEachKindIsRegisteredAndShowsItsKind() {
        Map<String, IdKind> numbers = Map.of(
                Ids.random("320505", "F"), IdKind.RESIDENT_ID_CARD,
                Ids.random("810000", "M"), IdKind.HK_MACAO_RESIDENCE_PERMIT,
                Ids.random("820000", "F"), IdKind.HK_MACAO_RESIDENCE_PERMIT,
                Ids.random("830000", "M"), IdKind.TAIWAN_RESIDENCE_PERMIT,
                // issued in Guangdong (44) to a national of 392
                Ids.random("944392", "F"), IdKind.FOREIGN_PERMANENT_RESIDENCE_CARD);
        numbers.forEach((number, kind) -> {
            Map<?, ?> created = post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", number, "name", "某人"))
                    .exchange().expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody();
            String personId = (String) created.get("personId");
            assertThat(created.get("idKind")).isEqualTo(kind.name());
            assertThat(created.get("idNumberMasked")).isEqualTo(IdNumber.mask(number));
            assertThat(created.toString()).doesNotContain(number);

            get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.idKind").isEqualTo(kind.name());
            post(TestJwt.agency(SUZHOU), "/api/v1/persons/lookup", Map.of("idNumber", number)).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.personId").isEqualTo(personId)
                    .jsonPath("$.idKind").isEqualTo(kind.name());
            assertThat(count("select count(*) from person where person_id = :p and id_kind = '" + kind.name() + "'",
                    personId)).isEqualTo(1);
            assertThat(count("select count(*) from audit_log where target_id = :p and action = 'person.register'"
                    + " and changes->>'idKind' = '" + kind.name() + "'", personId)).isEqualTo(1);
        });
    }

    @Test
    void aForeignersCardOfNoForeignNationalityIs422AndNothingIsStored() {
        long before = count("select count(*) from person");
        // nationality 156 is China's: a citizen holds a resident card, not a foreigner's card
        for (String bad : new String[] {Ids.random("944156", "F"), Ids.random("966392", "M"),
                Ids.random("810100", "M")}) {
            post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", bad, "name", "某人"))
                    .exchange().expectStatus().isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("INVALID_ID_NUMBER")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain(bad));
        }
        assertThat(count("select count(*) from person")).isEqualTo(before);
    }
}
