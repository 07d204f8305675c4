package cn.mutualaid.registry.person;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.person.domain.IdNumber;
import cn.mutualaid.registry.support.Ids;
import cn.mutualaid.registry.support.RegistryEvents;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PersonIT extends RegistryTestBase {

    @Test
    void registeringDerivesGenderAndBirthDateMasksTheNumberAndPublishesOnceKeyedByPersonId() {
        String first17 = "32050519880512013";
        String number = Ids.withCheck(first17);
        Map<?, ?> person = post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", number, "name", "  李明 "))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String personId = (String) person.get("personId");
        assertThat(personId).isNotBlank().doesNotContain(number);
        assertThat(person.get("idNumberMasked")).isEqualTo("320505********" + number.substring(14));
        assertThat(person.get("name")).isEqualTo("李明");
        assertThat(person.get("gender")).isEqualTo("M");
        assertThat(person.get("birthDate")).isEqualTo("1988-05-12");
        assertThat(person.toString()).doesNotContain(number);
        assertThat(personsWithNumber(number)).isEqualTo(1);

        List<RegistryEvents.Received> events = RegistryEvents.awaitType(personId, "PersonRegistered");
        assertThat(events).hasSize(1);
        RegistryEvents.Received event = events.get(0);
        assertThat(event.key()).isEqualTo(personId);
        assertThat(event.envelope().aggregateId()).isEqualTo(personId);
        assertThat(event.envelope().payload().get("gender").asString()).isEqualTo("M");
        assertThat(event.envelope().payload().toString()).doesNotContain(number).doesNotContain("李明");
        assertThat(outboxed(personId, "PersonRegistered")).isEqualTo(1);
    }

    @Test
    void aLowercaseCheckCharacterIsNormalisedAndADuplicateIsRefusedWithTheExistingId() {
        String first = registerPerson("11010519491231002x", "王芳");
        Map<?, ?> existing = get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + first).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(existing.get("idNumberMasked")).isEqualTo("110105********002X");
        assertThat(existing.get("gender")).isEqualTo("F");
        assertThat(existing.get("birthDate")).isEqualTo("1949-12-31");

        post(TestJwt.agency(CHENGDU), "/api/v1/persons", Map.of("idNumber", "11010519491231002X", "name", "别人"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.code").isEqualTo("PERSON_EXISTS")
                .jsonPath("$.personId").isEqualTo(first);
        assertThat(personsWithNumber("11010519491231002X")).isEqualTo(1);
        assertThat(outboxed(first, "PersonRegistered")).isEqualTo(1);
    }

    @Test
    void aDuplicateTellsTheExistingIdOnlyToTheAreaThatMaySeeThePerson() {
        String number = Ids.random();
        String personId = registerPerson(number, "周敏");
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU)).exchange().expectStatus().isCreated();
        long outboxBefore = count("select count(*) from outbox");

        for (String outsider : new String[] {TestJwt.agency(CHENGDU), TestJwt.agency(NANJING), TestJwt.agency("510000")}) {
            byte[] body = post(outsider, "/api/v1/persons", Map.of("idNumber", number, "name", "别人"))
                    .exchange().expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("PERSON_EXISTS")
                    .jsonPath("$.personId").doesNotExist()
                    .returnResult().getResponseBodyContent();
            assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain(personId);
        }
        for (String own : new String[] {TestJwt.agency(SUZHOU), TestJwt.agency(JIANGSU)}) {
            post(own, "/api/v1/persons", Map.of("idNumber", number, "name", "周敏"))
                    .exchange().expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("PERSON_EXISTS")
                    .jsonPath("$.personId").isEqualTo(personId);
        }
        assertThat(count("select count(*) from outbox")).isEqualTo(outboxBefore);
        assertThat(outboxed(personId, "PersonRegistered")).isEqualTo(1);
    }

    @Test
    void anInvalidNumberIs422AndNothingIsStored() {
        long before = count("select count(*) from person");
        long outboxBefore = count("select count(*) from outbox");
        // the last: a valid check character, but 110199 was never a county's code in any GB/T 2260 edition
        for (String bad : new String[] {"110105194912310021", "32050519490230002", "320505194902300021",
                "11010519491231A02X", "110199198001010016"}) {
            post(TestJwt.agency(SUZHOU), "/api/v1/persons", Map.of("idNumber", bad, "name", "某人"))
                    .exchange().expectStatus().isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("INVALID_ID_NUMBER")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain(bad));
        }
        assertThat(count("select count(*) from person")).isEqualTo(before);
        assertThat(count("select count(*) from outbox")).isEqualTo(outboxBefore);
    }

    @Test
    void concurrentRegistrationsOfOneNumberCreateOnePerson() {
        String number = Ids.random();
        record Answer(int status, String personId) {
        }
        List<Answer> answers = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(TestJwt.agency(SUZHOU), "/api/v1/persons",
                        Map.of("idNumber", number, "name", "同一人")).exchange().returnResult(Map.class)))
                .map(CompletableFuture::join)
                .map(r -> new Answer(r.getStatus().value(), (String) r.getResponseBody().blockFirst().get("personId")))
                .toList();
        assertThat(answers).extracting(Answer::status).containsOnlyOnce(201).containsOnly(201, 409);
        String created = answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow().personId();
        assertThat(answers).extracting(Answer::personId).containsOnly(created);
        assertThat(personsWithNumber(number)).isEqualTo(1);
        assertThat(outboxed(created, "PersonRegistered")).isEqualTo(1);
    }

    @Test
    void onlyAgenciesRegister() {
        post(TestJwt.insured("p-1"), "/api/v1/persons", Map.of("idNumber", Ids.random(), "name", "某人"))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        web.post().uri("/api/v1/persons").bodyValue(Map.of("idNumber", Ids.random(), "name", "某人"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void lookupFindsByNumberInTheBodyOr404() {
        String number = Ids.random("F");
        String personId = registerPerson(number, "张丽");
        post(TestJwt.agency(CHENGDU), "/api/v1/persons/lookup", Map.of("idNumber", number))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.personId").isEqualTo(personId)
                .jsonPath("$.idNumberMasked").isEqualTo(IdNumber.mask(number))
                .jsonPath("$.gender").isEqualTo("F")
                .jsonPath("$.enrollment").doesNotExist();
        post(TestJwt.agency(CHENGDU), "/api/v1/persons/lookup", Map.of("idNumber", Ids.random()))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        post(TestJwt.agency(CHENGDU), "/api/v1/persons/lookup", Map.of("idNumber", "110105194912310021"))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("INVALID_ID_NUMBER");
        post(TestJwt.insured(personId), "/api/v1/persons/lookup", Map.of("idNumber", number))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void onceEnrolledOnlyTheAreasAgencyAndThePersonSeeThem() {
        String number = Ids.random();
        String personId = registerPerson(number, "陈刚");
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId + "/enrollment",
                Map.of("scheme", "EMPLOYEE", "poolingArea", SUZHOU)).exchange().expectStatus().isCreated();

        for (String token : new String[] {TestJwt.agency(SUZHOU), TestJwt.agency(JIANGSU), TestJwt.insured(personId)}) {
            get(token, "/api/v1/persons/" + personId).exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.personId").isEqualTo(personId)
                    .jsonPath("$.enrollment.scheme").isEqualTo("EMPLOYEE")
                    .jsonPath("$.enrollment.poolingArea").isEqualTo(SUZHOU)
                    .jsonPath("$.enrollment.province").isEqualTo(JIANGSU)
                    .jsonPath("$.enrollment.status").isEqualTo("ACTIVE");
        }
        for (String token : new String[] {TestJwt.agency(NANJING), TestJwt.agency(CHENGDU), TestJwt.insured("someone-else")}) {
            get(token, "/api/v1/persons/" + personId).exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        }
        post(TestJwt.agency(CHENGDU), "/api/v1/persons/lookup", Map.of("idNumber", number))
                .exchange().expectStatus().isNotFound();
        get(TestJwt.provider("prov-1"), "/api/v1/persons/" + personId).exchange().expectStatus().isForbidden();
        get(TestJwt.agency(SUZHOU), "/api/v1/persons/no-such-person").exchange().expectStatus().isNotFound();
    }
}
